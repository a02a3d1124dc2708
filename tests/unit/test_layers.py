"""The layers of the code keep their rules: who may import whom (read from the source, and by
importing the pure engine in a fresh interpreter)."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "rwflask"


def imports_of(path: Path) -> set[str]:
    """Every module a source file imports (`from a import b` counts as `a` and `a.b`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(package: str) -> list[Path]:
    return sorted((PACKAGE / package).rglob("*.py"))


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def offending(package: str, forbidden) -> dict:
    return {module_name(path): sorted(name for name in imports_of(path) if forbidden(name))
            for path in modules(package) if any(forbidden(name) for name in imports_of(path))}


def is_web(name: str) -> bool:
    return name.startswith(("rwflask.web", "rwflask.resources", "rwflask.schemas"))


@pytest.mark.parametrize("package", ["services", "streaming", "playlist", "models"])
def test_domain_packages_never_import_the_web_layer(package):
    assert offending(package, is_web) == {}


@pytest.mark.parametrize("package", ["services", "streaming", "playlist"])
def test_domain_packages_never_read_the_request(package):
    assert offending(package, lambda name: name in ("flask.request", "flask.g", "flask.session")) == {}


def test_playlist_imports_nothing_from_flask():
    assert offending("playlist", lambda name: name.split(".")[0].startswith("flask")
                     or name.startswith("rwflask.extensions")) == {}


def test_the_playlist_package_loads_without_flask():
    names = [module_name(path) for path in modules("playlist")]
    code = (f"import sys\nfor name in {names!r}: __import__(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'flask_sqlalchemy')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PACKAGE.parent)
    assert result.stdout.strip() == "[]"


def test_no_resource_imports_another_resource():
    found = {}
    for path in modules("resources"):
        own = module_name(path)
        others = sorted(name for name in imports_of(path) if name.startswith("rwflask.resources.")
                        and name != own and path.name != "__init__.py")
        if others:
            found[own] = others
    assert found == {}


def test_services_raise_domain_errors_not_http_ones():
    assert offending("services", lambda name: name.startswith(("rwflask.web.errors", "werkzeug.exceptions",
                                                                "flask_smorest"))) == {}


def test_only_the_configuration_module_reads_the_environment():
    readers = [module_name(path) for path in PACKAGE.rglob("*.py")
               if ("os.environ" in path.read_text() or "getenv" in path.read_text())]
    assert readers == ["rwflask.config"]
