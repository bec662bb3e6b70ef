"""Pages that show papers: a paper's own (papers), and a person's, a lab's (people) and a venue
edition's (venues), which list their papers; the home and search pages (site), which show
every kind of record."""
