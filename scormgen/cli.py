"""The command line: parses options and calls one function per command.

Each command imports what it needs when it runs, so ``scormgen --help`` and
``scormgen --version`` start at once.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .errors import InternalError, ScormgenError
from .standards.packaging import STANDARDS

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # what click.progressbar() returns

    from .preview.server import PreviewServer

TARGETS = [s.name for s in STANDARDS.values() if s.target]

DEFAULT_COURSE = "course_source"
DEFAULT_OUT = "dist"


def default_course() -> Path:
    """The course a command works on when none is named: the current folder when it holds
    course.yml (as after 'scormgen init NAME && cd NAME'), else ./course_source."""
    return Path(".") if Path("course.yml").is_file() else Path(DEFAULT_COURSE)


class ScormgenGroup(click.Group):
    """Runs commands so that an unexpected error gives a short message, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # a defect in scormgen, not in the course: exit status 123
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise internal_error(exc) from exc


def internal_error(exc: BaseException) -> InternalError:
    return InternalError(f"internal error: {type(exc).__name__}: {exc}. "
                         "Run again with --debug for the traceback, and report it.")


def _check_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option that must be an http(s) address, checked as course.yml's lrs.endpoint is."""
    if value is None:
        return None
    from .course.values import Invalid, url
    try:
        return str(url(value))
    except Invalid as exc:
        raise click.BadParameter(f"{exc.message} {exc.hint}") from None


@click.group(cls=ScormgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scormgen")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Compile an e-learning module written as plain files (course.yml and Markdown pages)
    into packages an LMS can run: SCORM 1.2, SCORM 2004 (3rd and 4th Edition), cmi5 and
    xAPI; and read back from an LRS what learners did (report)."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@cli.command("build")
@click.argument("course", required=False, type=click.Path(path_type=Path, file_okay=False),
                metavar="[COURSE]")
@click.option("-t", "--target", "targets", multiple=True, metavar="TARGET",
              help=f"Package to build; repeat for several. Default: all. One of: {', '.join(TARGETS)}.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=DEFAULT_OUT, show_default=True, help="Folder the zips are written to.")
@click.option("--lrs-endpoint", metavar="URL", callback=_check_url,
              help="Also send the SCORM packages' learning story as xAPI statements to this "
                   "endpoint (overrides lrs.endpoint in course.yml). Credentials come from the "
                   "launch URL's 'auth' parameter, not from the package.")
@click.option("--embed-lrs-auth", metavar="AUTHORIZATION",
              help="UNSAFE: write this Authorization value (e.g. 'Basic ...') into every "
                   "package, where anyone who has the package can read it. See the README for "
                   "safer ways.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the LMS setup card and every file of each package.")
@click.pass_context
def build_command(ctx: click.Context, course: Path | None, targets: tuple[str, ...], out_dir: Path,
                  lrs_endpoint: str | None, embed_lrs_auth: str | None, quiet: bool, verbose: bool) -> None:
    """Build the course in COURSE (default: the current folder if it holds course.yml,
    else ./course_source) into one zip per target.

    Every problem in the course is reported at once, with file and line; nothing is
    written until the whole course is valid. Zips are named
    <course-id>-<version>-<target>.zip.
    """
    from .build import build
    course_dir = course if course is not None else default_course()
    if embed_lrs_auth:
        click.secho("WARNING: --embed-lrs-auth writes LRS credentials into every package. Anyone "
                    "who can open a package (every learner) can read them and send or read "
                    "statements with them. Prefer credentials from the launch (cmi5, Tin Can launch "
                    "parameters) or a relay that adds them on the server.", fg="red", bold=True, err=True)
    started = time.monotonic()
    with _ProgressBar(enabled=not quiet) as bar:
        built = build(course_dir, out_dir, list(targets), lrs_endpoint=lrs_endpoint,
                      embedded_lrs_auth=embed_lrs_auth, progress=bar.update)
    warnings = built.warnings
    for problem in warnings:
        click.secho(f"warning: {problem.format()}", fg="yellow", err=True)
    if quiet:
        return
    for package in built:
        digest = f", sha256 {package.sha256[:12]}" if verbose else ""
        click.echo(f"{package.target.name:<14} {package.path}  ({_size(package.size)}, "
                   f"{package.files} files{digest})")
        if package.budget is None:
            click.echo(f"{'':<14} resume data: in the LRS's State API (and the learner's browser); "
                       "every statement goes to the LRS")
        else:
            click.echo(f"{'':<14} {package.budget.describe()}")
            elsewhere = package.budget.elsewhere()
            if elsewhere:
                click.echo(f"{'':<14} {elsewhere}")
        if verbose:
            import zipfile
            with zipfile.ZipFile(package.path) as archive:
                for info in archive.infolist():
                    click.echo(f"{'':<14}   {info.filename} ({_size(info.file_size)})")
    click.echo(f"LMS setup card: {built.card}")
    if verbose:
        assert built.card is not None  # build() writes the card once the packages are written
        click.echo("")
        click.echo(built.card.read_text(encoding="utf-8"))
    total = sum(package.size for package in built)
    counted = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
    click.echo(f"Built {len(built)} package{'s' if len(built) != 1 else ''} ({_size(total)}) in "
               f"{time.monotonic() - started:.1f} s{counted}.")


class _ProgressBar:
    """click's progress bar, shown on a terminal for courses large enough to wait for."""

    MIN_PAGES = 40

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: ProgressBar[int] | None = None
        self.stage: str | None = None

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or (stage == "pages" and total < self.MIN_PAGES and self.bar is None):
            return
        if stage != self.stage:
            self.close()
            label = "Rendering pages" if stage == "pages" else "Writing packages"
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self.bar.__enter__()
            self.stage = stage
            self.done = 0
        assert self.bar is not None  # opened above when this stage began
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> _ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@cli.command("init")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False),
                default=Path("."), metavar="[DIR]")
def init_command(directory: Path) -> None:
    """Start a new course in DIR (default: here): course.yml with every field commented,
    two example pages, one reflection, an image and a short guide. It builds at once.
    Existing files are never overwritten."""
    from .scaffolding import init_course
    written = init_course(directory)
    where = "" if directory == Path(".") else f" {directory}"
    click.echo(f"Created a course in {directory}: {', '.join(str(t) for t in written)}.")
    click.echo(f"Next: read GUIDE.md, then run 'scormgen preview{where}' or 'scormgen build{where}'.")


@cli.command("preview")
@click.argument("course", required=False, type=click.Path(path_type=Path, file_okay=False), metavar="[COURSE]")
@click.option("-t", "--target", default="scorm2004-4th", show_default=True, metavar="TARGET",
              help=f"The package to preview. One of: {', '.join(TARGETS)}.")
@click.option("--port", default=8765, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--lms", default="strict", show_default=True, type=click.Choice(["strict", "moodle", "chamilo", "ilias"]),
              help="The LMS the preview plays: every rule (strict), or what one LMS refuses or lacks.")
def preview_command(course: Path | None, target: str, port: int, lms: str) -> None:
    """Build the course and serve it on 127.0.0.1 in a page that plays the LMS: a strict
    SCORM API (every data-model rule and limit enforced) and a small xAPI endpoint, with
    a panel showing live what the package reports. Rebuilds and reloads when the course
    changes; keeps the learner's data across reloads until you reset it. Ctrl-C stops."""
    from .course import load_course
    from .preview.server import PreviewServer
    from .targets import resolve_targets
    resolve_targets([target])  # an unknown target: the same error as build's
    course_dir = course if course is not None else default_course()
    load_course(course_dir)  # a clear error now if there is no course here at all

    def report(server: PreviewServer) -> None:
        if server.error:
            click.secho(server.error, fg="red", err=True)
        else:
            click.echo(f"[{server.built_at}] built {server.target.name} (build {server.version})")
    try:
        server = PreviewServer(course_dir, target, port, on_build=report, lms=lms)
    except OSError as exc:
        raise ScormgenError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}). Choose another port "
                            "with --port, or --port 0 for any free one.") from None
    server.start()
    click.echo(f"Preview of {course_dir} ({STANDARDS[target].title}, LMS: {lms}): {server.url}")
    click.echo("Watching the course for changes. Press Ctrl-C to stop.")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    click.echo("Stopped.")


@cli.command("validate")
@click.argument("package", type=click.Path(path_type=Path))
@click.option("--schemas", type=click.Path(path_type=Path, file_okay=False, exists=True), metavar="DIR",
              help="Validate against the official schemas in DIR (laid out like the published collection: "
                   "scorm12/, scorm2004-3rd/, scorm2004-4th/, cmi5/) instead of those scormgen ships.")
@click.option("--no-schemas", is_flag=True, help="Skip the official schemas.")
@click.option("--lms", type=click.Choice(["moodle"]), help="Also check what this LMS rejects "
              "although the standard allows it.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate_command(package: Path, schemas: Path | None, no_schemas: bool, lms: str | None, as_json: bool) -> None:
    """Check a package (a zip or an unpacked folder; SCORM 1.2, SCORM 2004 2nd-4th
    Edition, cmi5 or tincan.xml): zip safety, the manifest and its references, the
    files it names, and the official schemas. Exit status: 0 valid, 1 invalid, 2
    unreadable or a usage error."""
    from .validate import schema_sets, validate_package
    if schemas is not None and not no_schemas and not schema_sets(schemas):
        # a folder without schemas says nothing about the package: the command is wrong
        raise click.UsageError(f"{schemas} holds no official schemas (expected scorm12/, scorm2004-3rd/, "
                               "scorm2004-4th/ or cmi5/ with their .xsd files).", click.get_current_context())
    findings = validate_package(package, schemas=schemas, lms=lms, use_schemas=not no_schemas)
    click.echo(findings.to_json() if as_json else findings.to_text(), nl=False)  # a defect: exit 123
    raise click.exceptions.Exit(findings.exit_code)


@cli.command("report")
@click.option("--endpoint", envvar="SCORMGEN_LRS_ENDPOINT", required=True, metavar="URL",
              help="The LRS's xAPI endpoint (or SCORMGEN_LRS_ENDPOINT).")
@click.option("--user", envvar="SCORMGEN_LRS_USER", metavar="NAME",
              help="LRS user name (or SCORMGEN_LRS_USER).")
@click.option("--password", envvar="SCORMGEN_LRS_PASSWORD", metavar="SECRET",
              help="LRS password (better: SCORMGEN_LRS_PASSWORD, so it stays out of your shell history). "
                   "Never printed.")
@click.option("--course", "course_dir", type=click.Path(path_type=Path, file_okay=False),
              help="The course folder, for its activity id. Default: the current folder if it "
                   "holds course.yml, else ./course_source.")
@click.option("--activity-id", metavar="IRI", help="The course's activity IRI (instead of reading --course).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the report to this file (default: the terminal).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="SECONDS",
              help="Give up on a request to the LRS after this many seconds.")
def report_command(endpoint: str, user: str | None, password: str | None, course_dir: Path | None,
                   activity_id: str | None, fmt: str, output: Path | None, timeout: float) -> None:
    """Read a course's statements from an LRS and write, for each learner, their
    reflections, their answers to the knowledge checks with their results, their score
    and whether they passed, when they completed the course and the time they spent, as
    CSV or JSON.

    Statements are read a page at a time and not kept, so memory does not grow with the
    LRS. On a terminal a progress line shows on stderr, and control characters in
    learner text are shown as escapes; CSV cells that would start a spreadsheet formula
    get a leading '."""
    from .course import load_course
    from .lrsreport import Limits, ProgressLine, collect, skipped_warning, write_report
    questions = None  # the course's question ids, when the course is read (the score counts over them)
    if activity_id is None:
        course = load_course(course_dir if course_dir is not None else default_course())
        activity_id, questions = course.activity_id, [question.id for question in course.questions]
    stderr = sys.stderr
    progress = ProgressLine(stderr) if stderr.isatty() else None
    try:
        summary = collect(endpoint, user, password, activity_id, Limits(timeout=timeout), progress, questions)
        if progress is not None:
            progress(summary.statements, summary.pages, final=True)
    finally:
        if progress is not None:
            progress.close()  # an error then starts on a line of its own
    if (warning := skipped_warning(summary)) is not None:
        click.echo(warning, err=True)
    if output is None:
        stdout = sys.stdout
        write_report(summary, fmt, stdout, terminal=stdout.isatty())
        stdout.flush()
    else:
        with output.open("w", encoding="utf-8") as out:
            write_report(summary, fmt, out)
        click.echo(f"wrote {output}", err=True)


@cli.command("guide")
@click.argument("topic", required=False, default="course", type=click.Choice(["course", "errors"]))
def guide_command(topic: str) -> None:
    """Print a reference: 'course' (course.yml field by field, pages, blocks, templates;
    the default) or 'errors' (every problem code with an example and its fix)."""
    from .guide import guide_text
    click.echo(guide_text(topic), nl=False)


def _size(size: float) -> str:
    if size < 1000:
        return f"{size:.0f} B"
    for unit in ("KB", "MB", "GB"):
        size /= 1000
        if size < 1000 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


def main() -> None:
    cli.main(prog_name="scormgen")


__all__ = ["cli", "main"]
