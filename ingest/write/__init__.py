"""Write: a batch of records, each kind to its writer (batch), papers with their authors and links
(papers), and the records about people (people): where ingestion writes catalogue rows."""
