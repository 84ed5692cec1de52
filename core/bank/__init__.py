"""The agency's bank statements: reading CAMT.053 and MT940 files into lines, and finding the case a credit pays."""
