"""``python -m dtks.civreg serve --data DIR --port P``: run the reference civil registry."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dtks.civreg.server import Faults, make_server
from dtks.civreg.store import open_store

API_KEY_ENV = "DTKS_CIVREG_API_KEY"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dtks civreg", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the verification API")
    serve.add_argument("--data", type=Path, required=True, help="synth or extract directory")
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--db", type=Path, help="SQLite file (default next to the extract)")
    serve.add_argument("--api-key", help=f"required; default from ${API_KEY_ENV}")
    serve.add_argument("--delay-ms", type=int, default=0)
    serve.add_argument("--error-rate", type=float, default=0.0)
    serve.add_argument("--drop-rate", type=float, default=0.0)
    serve.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    api_key = args.api_key or os.environ.get(API_KEY_ENV, "")
    if not api_key:
        print(
            f"civreg: no API key (--api-key or ${API_KEY_ENV}); refusing to start", file=sys.stderr
        )
        return 2
    store = open_store(args.data, args.db)
    faults = Faults(args.delay_ms, args.error_rate, args.drop_rate, args.seed)
    server = make_server(store, api_key, args.host, args.port, faults)
    host, port = str(server.server_address[0]), server.server_address[1]
    print(f"civreg: {store.records} records, serving on http://{host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
