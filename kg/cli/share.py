"""Command line, the share family: export (RDF files, or GraphML / GEXF for Gephi), serve
(a read-only SPARQL endpoint) and push (to a triple store), each over a library call."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import visualize
from kg.cli.common import command, in_memory, kg_option, load_kg
from kg.cli.formats import plural
from kg.errors import InputError
from kg.export import RDF_FORMATS, export_bytes
from kg.files import write_atomic
from kg.push import Pushed, push
from kg.serve import LOADABLE, serve
from kg.store import is_store, open_store, store_dir
from visualize import NETWORK_FORMATS

PASSWORD_VARIABLE = "POLICYKG_STORE_PASSWORD"


def register_export(commands) -> None:
    p = command(commands, "export",
                "Write the graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD (byte for "
                "byte the same for the same graph), or as GraphML / GEXF for Gephi.",
                "policykg export --format ttl -o kg.ttl", run_export)
    kg_option(p)
    p.add_argument("--format", choices=(*RDF_FORMATS, *NETWORK_FORMATS), default="ttl",
                   help="output format (default: ttl)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--asserted", dest="selection", action="store_const", const="asserted",
                       help="ontology, reference data and documents' facts (default for "
                            "ttl, nt, jsonld)")
    which.add_argument("--inferred", dest="selection", action="store_const", const="inferred",
                       help="only the facts OWL RL reasoning added")
    which.add_argument("--all", dest="selection", action="store_const", const="all",
                       help="every graph (default for trig, nq)")
    p.add_argument("-o", "--output", type=Path, metavar="F",
                   help="output file, written atomically (default: standard output)")


def run_export(args: argparse.Namespace) -> int:
    if args.format in NETWORK_FORMATS:  # the overview graph, drawn as the pages draw it
        data = visualize.network_bytes(load_kg(args.kg, for_query=True), args.format)
    else:
        data = export_bytes(in_memory(load_kg(args.kg)), args.format, args.selection)
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        print(f"wrote {write_atomic(args.output, data)}", file=sys.stderr)
    return 0


def register_serve(commands) -> None:
    p = command(commands, "serve",
                "Serve the graph as a read-only SPARQL endpoint on 127.0.0.1 (the oxigraph "
                "server, with a query editor at its web page). Ctrl-C stops it.",
                "policykg serve --kg out/kg.trig --port 7878", run_serve)
    kg_option(p)
    p.add_argument("--port", type=int, metavar="N",
                   help="TCP port on 127.0.0.1 (default: a free one)")
    p.add_argument("--timeout", type=int, default=30, metavar="S",
                   help="query timeout in seconds (default: 30; 0: none)")


def run_serve(args: argparse.Namespace) -> int:
    def announce(line: str) -> None:
        print(line, flush=True)

    if is_store(args.kg):
        open_store(args.kg)  # a clear message if there is none
        return serve(None, port=args.port, timeout_s=args.timeout or None, announce=announce,
                     store=store_dir(args.kg))
    # a graph file oxigraph reads itself is loaded as is (no rdflib parse); the default
    # path is built from the seed first when missing
    source = args.kg if args.kg.exists() and args.kg.suffix in LOADABLE else load_kg(args.kg)
    return serve(source, port=args.port, timeout_s=args.timeout or None, announce=announce)


def register_push(commands) -> None:
    p = command(commands, "push",
                "Upload each named graph to a triple store over the SPARQL 1.1 Graph Store "
                "Protocol (Oxigraph /store, Fuseki /DATASET/data, Virtuoso "
                "/sparql-graph-crud-auth, GraphDB /repositories/REPO/rdf-graphs/service "
                "or /statements). Pushing twice changes nothing: a graph with blank "
                "nodes (the ontology's OWL lists) is always replaced.",
                "policykg push --kg out/kg.trig --store http://127.0.0.1:7878/store --replace",
                run_push)
    kg_option(p)
    p.add_argument("--store", required=True, metavar="URL",
                   help="the store's Graph Store Protocol URL")
    p.add_argument("--replace", action="store_true",
                   help="replace each graph (HTTP PUT) instead of adding to it (POST)")
    p.add_argument("--user", metavar="NAME",
                   help=f"log in as NAME (Basic or Digest, as the store asks); the password "
                        f"comes from ${PASSWORD_VARIABLE}, or is asked for")


def run_push(args: argparse.Namespace) -> int:
    def report(pushed: Pushed) -> None:
        print(f"{'replaced' if pushed.replaced else 'added to'} <{pushed.graph}>: "
              f"{plural(pushed.triples, 'triple')} (HTTP {pushed.status})")

    ds = in_memory(load_kg(args.kg))
    password = store_password() if args.user else ""
    done = push(ds, args.store, replace=args.replace, progress=report, user=args.user,
                password=password)
    print(f"{plural(len(done), 'graph')}, {plural(sum(p.triples for p in done), 'triple')} "
          f"pushed to {args.store}")
    return 0


def store_password() -> str:
    """The store's password: ${PASSWORD_VARIABLE}, or asked for on a terminal."""
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE]
    if not sys.stdin.isatty():
        raise InputError(f"--user needs a password: set {PASSWORD_VARIABLE}")
    return getpass.getpass("password: ")


COMMANDS = (register_export, register_serve, register_push)
