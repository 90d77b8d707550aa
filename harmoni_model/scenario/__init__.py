"""The scenario: its format, the rules across services, files and messages, workshop changes."""
