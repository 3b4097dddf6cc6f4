"""The clusterx command line: parses options, calls the library, maps outcomes to exit codes.

Exit status: 0 every input gave a record; 1 some inputs failed (see the error
records); 2 usage error or no inputs found.
"""
from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .ingest import DEFAULT_MAX_BYTES, discover
from .nlp import ModelError, check_spec
from .output import StreamSink
from .pipeline import Options
from .records import ArticleRecord

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_BUSY, EXIT_WORKERS = 0, 1, 2, 3, 4

app = typer.Typer(
    name="clusterx",
    help="Extract clusters, organisations, people, places, dates and cooperation events "
    "from multilingual news about industrial clusters, as JSON records.\n\n"
    "Example: clusterx extract data/raw | jq .organisations",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err_console = Console(stderr=True)


class Format(StrEnum):
    jsonl = "jsonl"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clusterx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the version and exit.")] = None,
) -> None:
    """clusterx: multilingual cluster-news extraction."""


def _parse_models(values: list[str]) -> dict[str, str]:
    models = {}
    for v in values:
        lang, sep, spec = v.partition("=")
        if not sep or not lang or not spec:
            raise typer.BadParameter(f"expected LANG=MODEL, got {v!r}", param_hint="--model")
        models[lang.strip()] = spec.strip()
    return models


@app.command(
    epilog="Examples:\n\n"
    "  clusterx extract data/raw -o data/out\n\n"
    "  clusterx extract data/raw | jq .organisations\n\n"
    "  cat article.txt | clusterx extract - --lang pl | jq -r '.clusters[].name'\n\n"
    "Exit status: 0 all inputs succeeded, 1 some failed (error records), 2 usage error or no inputs, "
    "3 another run is writing to the output folder.",
)
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (recursive) of .txt, .md, .html, .json, "
                                               ".jsonl articles; '-' reads stdin (text or JSON Lines).")],
    output: Annotated[Path | None, typer.Option(
        "-o", "--output",
        help="Write records.jsonl, errors.jsonl and manifest.json into this folder, incrementally "
        "(default: JSON Lines on stdout).",
    )] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Force this ISO 639-1 language for every input.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="jsonl: one record a line; json: one array.")] = Format.jsonl,
    model: Annotated[list[str], typer.Option(
        "--model",
        help="Use this pipeline for a language: LANG=PATH, LANG=PACKAGE (an installed spaCy package) "
        "LANG=stanza:DIR, or ru=natasha (people and places from natasha, extra clusterx[natasha]). Repeatable.",
    )] = [],  # noqa: B006
    include_text: Annotated[bool, typer.Option("--include-text", help="Add the article text (what offsets refer to) "
                                               "to each record.")] = False,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, help="Inputs larger than this give a too_large "
                                           "error record.")] = DEFAULT_MAX_BYTES,
    workers: Annotated[int | None, typer.Option("--workers", "-j", min=1, help="Worker processes (default: the "
                                                "machine's cores, at most 4; 1 for a few inputs).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Redo every input, even unchanged ones.")] = False,
    prune: Annotated[bool, typer.Option("--prune", help="Drop the records of inputs that are gone.")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for another run on the same output folder to end "
                                       "instead of exiting with status 3.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary on stderr.")] = False,
) -> None:
    """Extract records from articles: one JSON object per article.

    With -o, runs are incremental: unchanged inputs are skipped, changed ones redone, and
    a killed run is resumed by running the same command again.

    Example: clusterx extract data/raw | jq .organisations
    """
    from rich.markup import escape

    from .batch import Busy, WorkerError, run

    models = _parse_models(model)
    for code, spec in models.items():
        try:
            check_spec(code, spec)
        except ModelError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(EXIT_USAGE) from None
    sources = list(discover(paths))
    if not sources:
        err_console.print("[red]error:[/red] no inputs found in " + ", ".join(paths))
        raise typer.Exit(EXIT_USAGE)
    options = Options(lang=lang, models=models, include_text=include_text)
    stream = None if output else StreamSink(fmt.value)
    show_progress = not quiet and sys.stderr.isatty()
    with _progress(show_progress, len(sources)) as advance:
        def on_result(result) -> None:
            for line in result.records:
                stream.record_line(line)
            for line in result.errors:
                stream.error_line(line)

        try:
            report = run(sources, options, output=output, fmt=fmt.value, max_bytes=max_bytes, workers=workers,
                         force=force, prune=prune, wait=wait, on_result=on_result if stream is not None else None,
                         on_progress=lambda _: advance())
        except Busy as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(EXIT_BUSY) from None
        except WorkerError as exc:
            kept = " The output folder is as it was; the next run keeps what was finished." if output else ""
            err_console.print(f"[red]error:[/red] the run stopped: {escape(str(exc).strip())}{kept}", highlight=False)
            raise typer.Exit(EXIT_WORKERS) from None
    if stream is not None:
        stream.close()
    if not quiet:
        _summary(report, output)
    failed = sum(r.stats.get("errors", 0) for r in report.results if r.status != "kept (input gone)")
    raise typer.Exit(EXIT_SOME_FAILED if failed else EXIT_OK)


class _progress:
    """A Rich progress bar on stderr when it is a terminal; otherwise nothing."""

    def __init__(self, enabled: bool, total: int):
        self.enabled, self.total = enabled, total

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=err_console, transient=True)
        self.progress.__enter__()
        task = self.progress.add_task("extract", total=self.total)
        return lambda: self.progress.advance(task)

    def __exit__(self, *exc):
        if self.enabled:
            self.progress.__exit__(*exc)
        return False


def _summary(report, output: Path | None) -> None:
    from rich.table import Table

    stats = report.stats
    table = Table(title="clusterx extract", show_header=False, box=None, padding=(0, 1))
    table.add_row("inputs", ", ".join(f"{k} {v}" for k, v in sorted(report.status.items())))
    table.add_row("records", str(stats.get("records", 0)))
    table.add_row("errors", str(stats.get("errors", 0)) + ("  (see errors.jsonl)" if output and stats.get("errors")
                                                            else ""))
    langs = {k[5:]: v for k, v in sorted(stats.items()) if k.startswith("lang:")}
    table.add_row("languages", ", ".join(f"{k} {v}" for k, v in langs.items()) or "-")
    table.add_row("entities", ", ".join(f"{k} {stats.get(k, 0)}" for k in
                                        ("clusters", "organisations", "people", "locations")))
    table.add_row("dates, events", f"{stats.get('dates', 0)}, {stats.get('events', 0)}")
    if report.models:
        table.add_row("models", ", ".join(m["model"] for m in report.models))
    table.add_row("time", f"{report.seconds:.1f} s")
    if output:
        table.add_row("output", str(output))
    err_console.print(table)


@app.command(epilog="Example: clusterx schema | jq '.properties | keys'")
def schema() -> None:
    """Print the JSON Schema of the article records (from the pydantic models).

    Example: clusterx schema | jq '.properties | keys'
    """
    import json

    typer.echo(json.dumps(ArticleRecord.model_json_schema(), ensure_ascii=False, indent=2))


@app.command(epilog="Example: clusterx models --json | jq '.[].language'")
def models(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the installed pipelines: language, components, version and test scores.

    Example: clusterx models --json | jq '.[].language'
    """
    import json

    from .nlp import RELATED, installed_models, natasha_installed

    found = installed_models()
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title="clusterx pipelines")
    for col in ("language", "path", "version", "components", "NER F (test)"):
        table.add_column(col)
    for m in found:
        table.add_row(m["language"], m["path"], str(m.get("version")), ", ".join(m.get("components", [])),
                      "" if m.get("ner_f") is None else f"{m['ner_f']:.3f}")
    Console().print(table)
    if not found:
        err_console.print("no pipelines installed in the models folder; languages run without NER")
    if any(m["language"] == "ru" for m in found):
        Console().print("ru: people and places from natasha (installed; --model ru=models/ru opts out)"
                        if natasha_installed() else "ru: natasha not installed (pip install 'clusterx[natasha]' "
                        "adds its people and places)")
    related = ", ".join(f"{k} via {v}" for k, v in RELATED.items() if any(m["language"] == v for m in found))
    if related:
        Console().print(f"related languages: {related}")


@app.command("eval", epilog="Examples:\n\n"
             "  clusterx eval ../shared/eval/dev/gold data/out\n\n"
             "  clusterx eval gold/ records.jsonl --json | jq .totals")
def eval_(
    gold: Annotated[Path, typer.Argument(help="A gold JSON file or a folder of them (one per article).")],
    records: Annotated[Path, typer.Argument(help="records.jsonl (or a folder holding it, or a JSON array file).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full scores (with per-article errors) as JSON.")]
    = False,
    lenient: Annotated[bool, typer.Option("--lenient", help="Also match names equal up to inflection.")] = False,
) -> None:
    """Score records against gold annotations: precision, recall, F1 per kind, dates, events.

    Example: clusterx eval ../shared/eval/dev/gold data/out --json | jq .totals
    """
    import json

    from .evaluate import evaluate, load_gold, load_records

    for p in (gold, records):
        if not p.exists():
            err_console.print(f"[red]error:[/red] {p} does not exist")
            raise typer.Exit(EXIT_USAGE)
    result = evaluate(load_gold(gold), load_records(records), lenient=lenient)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=f"clusterx eval: {result['articles_scored']} articles")
    for col in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col else "left")
    for kind, s in result["totals"].items():
        table.add_row(kind, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f1']:.3f}", str(s["tp"]), str(s["fp"]), str(s["fn"]))
    Console().print(table)
    langs = Table(title="F1 per language")
    kinds = ["organisations+clusters", "people", "locations", "dates", "events"]
    for col in ("language", *kinds):
        langs.add_column(col)
    for lang, scores in result["per_language"].items():
        langs.add_row(lang, *(f"{scores[k]['f1']:.3f}" for k in kinds))
    Console().print(langs)
    if result["clusters_listed_as_organisations"]:
        err_console.print("clusters listed as organisations: " + "; ".join(result["clusters_listed_as_organisations"]))
    if result["records_missing"]:
        err_console.print("no record for: " + ", ".join(result["records_missing"]))


def main() -> None:
    app()


__all__ = ["app", "main"]
