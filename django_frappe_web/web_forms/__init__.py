"""Web forms stored in the database and served by the WebFormPage renderer (being built)."""
