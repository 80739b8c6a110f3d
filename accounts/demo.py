"""About fifty demo practitioners across the demo councils, with believable roles and interests."""

from allauth.account.models import EmailAddress

from accounts.models import Profile, User
from hub.councils.demo import DEMO_COUNCILS
from hub.councils.models import Council

FIRST = ["Alex", "Sam", "Priya", "Tom", "Aisha", "Gareth", "Mhairi", "Chen", "Olu", "Hannah",
         "Ravi", "Niamh", "Joe", "Fatima", "Liam", "Sophie", "Dev", "Megan", "Ian", "Zara",
         "Owain", "Catriona", "Ben", "Leah", "Marcus"]  # fmt: skip
LAST = ["Patel", "Jones", "Smith", "Evans", "Khan", "Williams", "MacLeod", "Wong", "Adeyemi",
        "Brown", "Taylor", "O'Neill", "Davies", "Hughes", "Campbell", "Murphy", "Clarke",
        "Ahmed", "Morgan", "Reid"]  # fmt: skip
ROLES = ["Head of digital", "Service designer", "User researcher", "Content designer",
         "Developer", "Product manager", "Delivery manager", "Data analyst",
         "Digital transformation lead", "Interaction designer", "Technical architect",
         "Web manager"]  # fmt: skip
INTERESTS = ["bin collections", "waste", "council tax", "open data", "forms", "accessibility",
             "APIs", "content design", "user research", "planning", "housing repairs",
             "parking", "libraries", "FOI", "clean URLs", "Open311", "GOV.UK Notify",
             "GOV.UK Pay", "Drupal", "LocalGov Drupal", "agile", "procurement",
             "street lighting", "school admissions", "report it"]  # fmt: skip
BIOS = [
    "I lead a small digital team. We've rebuilt our **bin collection** pages three times; "
    "I'd rather the fourth time was the last.",
    "Service designer working on *report it* forms. Happy to share our research on how "
    "residents describe potholes.",
    "Developer. Mostly Python and Drupal. Ask me about integrating with waste management systems.",
    "Content designer. Plain English, accessible PDFs (or better, no PDFs).",
    "User researcher. I run the regional accessibility testing group.",
]
PRACTITIONER_COUNT = 50


def seed(*, rng, log) -> None:
    """Create the demo practitioners (idempotent: matched on email)."""
    councils = {
        c.code: c for c in Council.objects.filter(code__in=[row[0] for row in DEMO_COUNCILS])
    }
    codes = [row[0] for row in DEMO_COUNCILS]
    created = 0
    for n in range(PRACTITIONER_COUNT):
        first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
        council = councils[codes[n % len(codes)]]
        handle = f"{first}-{last}".lower().replace("'", "")
        if n >= len(FIRST):
            handle = f"{handle}-{n}"
        # Most demo members use their council address (verified affiliation); some don't.
        domain = council.email_domain if n % 5 else "example.org"
        email = f"{handle}@{domain}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
            created += 1
        profile, _ = Profile.objects.update_or_create(
            user=user,
            defaults={
                "display_name": f"{first} {last}",
                "handle": handle,
                "job_title": ROLES[n % len(ROLES)],
                "council": council,
                "council_verified": domain == council.email_domain,
                "bio": BIOS[n % len(BIOS)],
            },
        )
        profile.interests.set(rng.sample(INTERESTS, 3))
    log(f"{PRACTITIONER_COUNT} practitioners ({created} new)")
