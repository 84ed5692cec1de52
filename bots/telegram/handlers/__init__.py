"""One module per conversation. Each offers BUTTONS (callback-data prefix -> handler) and STEPS (conversation
step -> handler of the text typed at that step); bots/telegram/application.py routes updates to them."""
