"""Done when: a project in alpha with an uploaded artefact is watched, joined, reused and found."""

import time

import pytest

from hub.notifications.models import Notification
from hub.sharing.models import Artefact, Collaboration, Project
from search.backends import get_backend
from search.indexing import drain
from tests.browser.fixtures import axe_serious_violations, dump, sign_in
from tests.factories import CouncilFactory
from tests.sharing.factories import ServiceTopicFactory, member_of
from tests.sharing.files import make_docx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def wait_for(condition, *, timeout: float = 20.0, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.1)  # polling a condition with a deadline, not waiting a fixed time
    raise AssertionError(message or "condition not met in time")


def test_project_with_artefact_is_watched_joined_reused_and_found(
    browser_context_factory, live_server_asgi
):
    server = live_server_asgi
    leeds = CouncilFactory(name="Leeds", slug="leeds")
    york = CouncilFactory(name="York", slug="york")
    topic = ServiceTopicFactory(name="Bulky waste collection", slug="bulky-waste-collection")
    owner = member_of(leeds, profile__display_name="Priya Patel")
    other = member_of(york, profile__display_name="Tom Evans")

    # A practitioner at Leeds registers a project in alpha...
    page = browser_context_factory().new_page()
    sign_in(page, server, owner.email, PASSWORD)
    page.goto(f"{server.url}/projects/new/")
    page.get_by_label("Project name").fill("Bulky waste booking")
    page.get_by_label("Summary").fill("Letting residents book **bulky waste** collections online.")
    page.get_by_label("Alpha", exact=True).check()
    page.get_by_label("Bulky waste collection").check()
    page.get_by_role("button", name="Register the project").click()
    page.get_by_role("heading", name="Bulky waste booking").wait_for()
    assert "Alpha" in page.get_by_test_id("phase").inner_text()
    assert axe_serious_violations(page) == [], dump(axe_serious_violations(page))

    # ...and shares an artefact: a real Word document made here.
    page.get_by_role("link", name="Add an artefact").click()
    page.get_by_label("Title", exact=True).fill("Booking research findings")
    page.get_by_label("Document", exact=True).check()
    page.get_by_label("Description").fill("Interviews with twelve residents.")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "findings.docx", "mimeType": DOCX,
         "buffer": make_docx("Residents kept mentioning the marmalade wardrobe problem.")}
    )  # fmt: skip
    page.get_by_role("button", name="Share the artefact").click()
    page.get_by_role("heading", name="Booking research findings").wait_for()
    assert page.get_by_role("link", name="Download findings.docx").is_visible()
    artefact = Artefact.objects.get()
    assert artefact.project.title == "Bulky waste booking" and artefact.extraction_status == "ok"

    # A practitioner from York watches it, asks to collaborate and marks the artefact reused.
    other_page = browser_context_factory().new_page()
    sign_in(other_page, server, other.email, PASSWORD)
    project = Project.objects.get()
    other_page.goto(f"{server.url}{project.get_absolute_url()}")
    other_page.get_by_role("button", name="Follow").click()
    other_page.get_by_role("button", name="Unfollow").wait_for()
    other_page.get_by_role("link", name="Ask to collaborate").click()
    other_page.get_by_label("What could your council bring?").fill(
        "We are procuring the same thing."
    )
    other_page.get_by_role("button", name="Send the request").click()
    assert "request requested" in other_page.get_by_test_id("own-collaboration").inner_text()
    other_page.get_by_role("link", name="Booking research findings").click()
    other_page.get_by_role("button", name="My council uses this too").click()
    other_page.get_by_test_id("reusing-councils").get_by_role("link", name="York").wait_for()
    assert axe_serious_violations(other_page) == [], dump(axe_serious_violations(other_page))

    # Leeds approves the collaboration.
    page.goto(f"{server.url}{project.get_absolute_url()}")
    page.get_by_role("button", name="Approve York").click()
    page.get_by_test_id("collaborators").get_by_role("link", name="York").wait_for()
    assert Collaboration.objects.get().state == "approved"

    # The service page and both council pages show it.
    other_page.goto(f"{server.url}{topic.get_absolute_url()}")
    main = other_page.locator("main")
    assert main.get_by_role("link", name="Bulky waste booking").is_visible()
    assert main.get_by_role("link", name="Booking research findings").is_visible()
    table = other_page.get_by_test_id("council-table")
    assert table.get_by_role("link", name="Leeds").is_visible()
    assert table.get_by_role("link", name="York").is_visible()  # as a reusing council
    assert axe_serious_violations(other_page) == [], dump(axe_serious_violations(other_page))

    other_page.goto(f"{server.url}/councils/leeds/")
    assert (
        other_page.get_by_test_id("council-projects")
        .get_by_role("link", name="Bulky waste booking")
        .is_visible()
    )
    assert (
        other_page.get_by_test_id("council-artefacts")
        .get_by_role("link", name="Booking research findings")
        .is_visible()
    )
    other_page.goto(f"{server.url}/councils/york/")
    assert (
        other_page.get_by_test_id("council-reuses")
        .get_by_role("link", name="Booking research findings")
        .is_visible()
    )
    assert (
        other_page.get_by_test_id("council-collaborating")
        .get_by_role("link", name="Bulky waste booking")
        .is_visible()
    )

    # Search finds the artefact by words that appear only inside the uploaded document.
    stats = drain(include_waiting=True)  # the search worker's job, done here in the test process
    assert not stats.failed, stats.errors
    get_backend().refresh()

    def found():
        other_page.goto(f"{server.url}/search/?q=marmalade+wardrobe")
        return (
            other_page.locator("main").get_by_role("link", name="Booking research findings").count()
        )

    wait_for(found, message="search did not find the words inside the uploaded document")

    # Leeds moves the project to beta; York, watching, is notified.
    page.goto(f"{server.url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Change phase").click()
    page.get_by_label("Beta", exact=True).check()
    page.get_by_role("button", name="Change the phase").click()
    assert "Beta" in page.get_by_test_id("phase").inner_text()
    wait_for(
        lambda: Notification.objects.filter(
            recipient=other, kind="sharing.project_phase_changed"
        ).exists(),
        message="the watcher was not notified of the phase change",
    )
