"""Local stand-ins for the outside world (Slack Web API, Telegram Bot API): the tests and the demo run the real
client libraries against these, never against the internet."""
