"""Reference civil-registry (Dukcapil) verification server: a stand-in run as its own process.

``store`` loads the extract into SQLite, ``matching`` gives the verdict per record, ``server``
serves the HTTP API (``docs/civreg.md``). Pure standard library, no Django.
"""
