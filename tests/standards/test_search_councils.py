"""Standard sections carry their adopting and drafting councils, so council filters find them."""

import pytest

from hub.standards.selectors import latest_version
from hub.standards.services import adoption_declare
from search.models import OutboxEntry
from search.registry import documents_for
from tests.factories import CouncilFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_sections_list_drafting_and_adopting_councils(standard, roles):
    version = latest_version(standard)
    adopter = UserFactory(profile__council=CouncilFactory(name="Adopterton", council_type="UA"))
    OutboxEntry.objects.all().delete()
    adoption_declare(standard=standard, user=adopter, version=version)
    assert OutboxEntry.objects.filter(
        model_label="standards.standardversion", object_id=str(version.pk)
    ).exists(), "declaring an adoption re-indexes the sections"
    documents = documents_for(version)
    assert documents
    for document in documents:
        assert "Adopterton" in document.council_names
        assert "UA" in document.council_types
        assert roles["editor"].profile.council.name in document.council_names
        assert "Outside council" not in document.council_names
