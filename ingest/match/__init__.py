"""Match: which known paper a record is (papers) and which person each name is (people); reads only,
except the people a run creates, which people's services store."""
