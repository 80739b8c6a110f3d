"""Demo councils: real authorities (codes from mySociety's register, CC BY 4.0) with their websites."""

from hub.councils.models import Council

# code, GSS code, official name, short name, type, nation, region, slug, website
DEMO_COUNCILS = [
    ("LDS", "E08000035", "Leeds City Council", "Leeds", "MD", "England", "Yorkshire and The Humber", "leeds", "https://www.leeds.gov.uk"),
    ("MAN", "E08000003", "Manchester City Council", "Manchester", "MD", "England", "North West", "manchester", "https://www.manchester.gov.uk"),
    ("BIR", "E08000025", "Birmingham City Council", "Birmingham", "MD", "England", "West Midlands", "birmingham", "https://www.birmingham.gov.uk"),
    ("SHF", "E08000019", "Sheffield City Council", "Sheffield", "MD", "England", "Yorkshire and The Humber", "sheffield", "https://www.sheffield.gov.uk"),
    ("CRF", "W06000015", "City of Cardiff Council", "Cardiff", "WPA", "Wales", "Wales", "cardiff", "https://www.cardiff.gov.uk"),
    ("EDH", "S12000036", "City of Edinburgh Council", "City of Edinburgh", "SCO", "Scotland", "Scotland", "edinburgh", "https://www.edinburgh.gov.uk"),
    ("GLG", "S12000049", "Glasgow City Council", "Glasgow City", "SCO", "Scotland", "Scotland", "glasgow", "https://www.glasgow.gov.uk"),
    ("ABE", "S12000033", "Aberdeen City Council", "Aberdeen City", "SCO", "Scotland", "Scotland", "aberdeen", "https://www.aberdeencity.gov.uk"),
    ("ADU", "E07000223", "Adur District Council", "Adur", "NMD", "England", "South East", "adur", "https://www.adur-worthing.gov.uk"),
    ("OXO", "E07000178", "Oxford City Council", "Oxford", "NMD", "England", "South East", "oxford", "https://www.oxford.gov.uk"),
    ("NEW", "E07000091", "New Forest District Council", "New Forest", "NMD", "England", "South East", "new-forest", "https://www.newforest.gov.uk"),
    ("BAN", "E07000084", "Basingstoke and Deane Borough Council", "Basingstoke and Deane", "NMD", "England", "South East", "basingstoke-and-deane", "https://www.basingstoke.gov.uk"),
    ("WOR", "E10000034", "Worcestershire County Council", "Worcestershire", "CTY", "England", "West Midlands", "worcestershire", "https://www.worcestershire.gov.uk"),
    ("CAM", "E10000003", "Cambridgeshire County Council", "Cambridgeshire", "CTY", "England", "East of England", "cambridgeshire", "https://www.cambridgeshire.gov.uk"),
    ("KEN", "E10000016", "Kent County Council", "Kent", "CTY", "England", "South East", "kent", "https://www.kent.gov.uk"),
    ("NFK", "E10000020", "Norfolk County Council", "Norfolk", "CTY", "England", "East of England", "norfolk", "https://www.norfolk.gov.uk"),
    ("DEV", "E10000008", "Devon County Council", "Devon", "CTY", "England", "South West", "devon", "https://www.devon.gov.uk"),
    ("CMD", "E09000007", "London Borough of Camden", "Camden", "LBO", "England", "London", "camden", "https://www.camden.gov.uk"),
    ("HCK", "E09000012", "London Borough of Hackney", "Hackney", "LBO", "England", "London", "hackney", "https://www.hackney.gov.uk"),
    ("ISL", "E09000019", "London Borough of Islington", "Islington", "LBO", "England", "London", "islington", "https://www.islington.gov.uk"),
    ("LBH", "E09000022", "London Borough of Lambeth", "Lambeth", "LBO", "England", "London", "lambeth", "https://www.lambeth.gov.uk"),
    ("SWK", "E09000028", "London Borough of Southwark", "Southwark", "LBO", "England", "London", "southwark", "https://www.southwark.gov.uk"),
    ("CON", "E06000052", "Cornwall Council", "Cornwall", "UA", "England", "South West", "cornwall", "https://www.cornwall.gov.uk"),
    ("BDF", "E06000055", "Bedford Borough Council", "Bedford", "UA", "England", "East of England", "bedford", "https://www.bedford.gov.uk"),
    ("BST", "E06000023", "Bristol City Council", "City of Bristol", "UA", "England", "South West", "bristol", "https://www.bristol.gov.uk"),
    ("YOR", "E06000014", "City of York Council", "York", "UA", "England", "Yorkshire and The Humber", "york", "https://www.york.gov.uk"),
    ("WOK", "E06000041", "Wokingham Borough Council", "Wokingham", "UA", "England", "South East", "wokingham", "https://www.wokingham.gov.uk"),
    ("STH", "E06000045", "Southampton City Council", "Southampton", "UA", "England", "South East", "southampton", "https://www.southampton.gov.uk"),
    ("BFS", "N09000003", "Belfast City Council", "Belfast", "NID", "Northern Ireland", "Northern Ireland", "belfast", "https://www.belfastcity.gov.uk"),
    ("SWA", "W06000011", "City and County of Swansea Council", "Swansea", "WPA", "Wales", "Wales", "swansea", "https://www.swansea.gov.uk"),
]  # fmt: skip


def seed(*, rng, log) -> None:
    """Create or update the demo councils. Safe to repeat; keeps councils imported from CSV."""
    for code, gss, official, name, kind, nation, region, slug, website in DEMO_COUNCILS:
        council = Council.objects.filter(code=code).first()
        if council is None:
            Council.objects.create(
                code=code, gss_code=gss, official_name=official, name=name, council_type=kind,
                nation=nation, region=region, slug=slug, website=website,
            )  # fmt: skip
        elif not council.website:
            council.website = website
            council.save(update_fields=["website"])
    log(f"{len(DEMO_COUNCILS)} councils")
