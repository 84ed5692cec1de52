"""Adapters to outside services that are not chat platforms (payment providers)."""
