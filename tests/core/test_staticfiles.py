"""The production static files storage: collectstatic survives missing source maps only."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

from hub.settings import base


@pytest.fixture
def collect(tmp_path):
    """Run collectstatic with the production storage over a folder of given files."""
    source = tmp_path / "source"
    source.mkdir()

    def run(files: dict[str, str]) -> dict:
        for name, text in files.items():
            (source / name).write_text(text)
        with override_settings(
            STORAGES=base.STORAGES,
            STATIC_ROOT=tmp_path / "collected",
            STATICFILES_DIRS=[source],
            STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        ):
            # Django's setting_changed handler rebuilds staticfiles_storage from STORAGES.
            call_command("collectstatic", interactive=False, verbosity=0)
            return {
                name: (tmp_path / "collected" / staticfiles_storage.stored_name(name)).read_text()
                for name in files
            }

    return run


def test_collectstatic_drops_a_source_map_comment_whose_map_is_not_shipped(collect):
    css = "body{color:red}\n/*# sourceMappingURL=app.min.css.map */"
    collected = collect({"app.min.css": css})
    assert collected["app.min.css"].strip() == "body{color:red}"


def test_collectstatic_keeps_a_source_map_that_is_shipped(collect):
    collected = collect(
        {"app.min.css": "a{}\n/*# sourceMappingURL=app.min.css.map */", "app.min.css.map": "{}"}
    )
    assert "sourceMappingURL=app.min.css." in collected["app.min.css"]
    assert "sourceMappingURL=app.min.css.map" not in collected["app.min.css"]  # hashed name


def test_collectstatic_still_fails_on_a_missing_stylesheet_image(collect):
    with pytest.raises(ValueError, match=r"missing\.png"):
        collect({"page.css": "a{background:url(missing.png)}"})
