"""Publishing: Datasette, summary tables and the Excel/CSV export, all reading the store."""
