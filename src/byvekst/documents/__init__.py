"""Word, PDF and Excel builders. They take plain data (no ORM) so that every document has one layout."""
