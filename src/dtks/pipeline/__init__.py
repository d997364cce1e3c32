"""The batch engine (DuckDB in process; Spark to scale out). It never imports Django."""
