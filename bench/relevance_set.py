"""The judged relevance set for bench/relevance.py: content as practitioners write it, and
questions they ask, with graded judgements (2 = the answer, 1 = useful).

Keys name documents: "post:<key>", "comment:<key>", "section:<standard key>#<anchor>",
"thread:<key>", "message:<key>", "project:<key>", "artefact:<key>", "profile:<person key>",
"group:<key>", "council:<mySociety code>". The councils come from
bench/fixtures/councils_mysociety.csv (real councils, mySociety's format) and are distractors
for every content question. Kept apart from the contract suite's small judged set
(tests/search/test_contract_relevance.py).
"""

# key, display name, handle, council code, job title, bio, interests
PEOPLE = [
    ("ben", "Ben Okafor", "benokafor", "ADU", "Waste services digital lead",
     "Runs bin collection and recycling digital projects for Adur and Worthing.", ["waste"]),
    ("priya", "Priya Raman", "priyaraman", "CMD", "Accessibility specialist",
     "Leads accessibility audits and WCAG testing across Camden's websites.", ["accessibility"]),
    ("tom", "Tom Hughes", "tomhughes", "LDS", "Head of digital",
     "Digital strategy, shared services and platform work at Leeds.", ["strategy"]),
    ("aisha", "Aisha Begum", "aishab", "TAM", "Revenues and benefits analyst",
     "Council tax reduction, single person discount reviews and benefits data.", ["revenues"]),
    ("gareth", "Gareth Price", "garethp", "CRF", "Data engineer",
     "Publishes open data and runs the data warehouse.", ["open data"]),
    ("sarah", "Sarah Whitfield", "swhitfield", "DBY", "Highways systems manager",
     "Highways, potholes, street works permits and Open311 integrations.", ["highways"]),
    ("mo", "Mohammed Ali", "moali", "BIR", "Content designer",
     "Content design for adult social care and housing pages.", ["content design"]),
    ("lucy", "Lucy Chen", "lucychen", "BST", "Service designer",
     "Libraries, digital inclusion and customer contact.", ["libraries"]),
    ("dan", "Dan Morgan", "danmorgan", "WBK", "Developer",
     "Builds web forms, GOV.UK Notify integrations and APIs.", ["notify"]),
    ("fiona", "Fiona MacLeod", "fionam", "EDH", "Information governance officer",
     "FOI requests, subject access requests and data protection impact assessments.", ["foi"]),
    ("raj", "Raj Patel", "rajpatel", "KEN", "Enterprise architect",
     "CRM replacement, identity and integration architecture for the county.", ["crm"]),
    ("hannah", "Hannah Lewis", "hlewis", "CON", "Product manager",
     "Planning, building control and the local land charges service.", ["planning"]),
]  # fmt: skip

# key, name, purpose, members_only
GROUPS = [
    ("waste", "Waste and recycling data", "Agree how councils publish bin collection days, "
     "missed bin reports and recycling data.", False),
    ("a11y", "Accessibility community of practice", "Share accessibility audits, WCAG 2.2 "
     "testing approaches and accessibility statements.", False),
    ("highways", "Highways and street works", "Open311 adoption, pothole reporting and street "
     "works permit schemes.", False),
    ("inclusion", "Digital inclusion", "Libraries, device lending and helping residents get "
     "online.", False),
    ("leads", "Digital leads network", "Sign-in only: procurement notes and supplier "
     "performance from digital leads.", True),
]  # fmt: skip

# key, author, title, body (Markdown), tags
POSTS = [
    ("notify-bins", "ben", "Moving bin collection reminders to GOV.UK Notify",
     "We replaced paper calendars with **text and email reminders** the evening before each "
     "bin day, sent through GOV.UK Notify. Residents sign up with their postcode and address; "
     "we look up the round from the UPRN. Missed bin reports fell by 18% in six months.",
     ["waste", "notify"]),
    ("missed-bins", "ben", "Reducing missed bin reports with in-cab tablets",
     "Crews record blocked roads and bins not presented on in-cab tablets, so the contact "
     "centre can tell residents why a collection was missed before they call.", ["waste"]),
    ("garden-waste", "ben", "Selling garden waste subscriptions online",
     "Our garden waste subscription moved online with card payments and automatic renewal. "
     "Stickers are posted within five working days.", ["waste", "payments"]),
    ("bulky", "lucy", "Booking bulky waste collections",
     "Residents book a bulky item collection for sofas and fridges, pay online and get a "
     "confirmation email with their collection date.", ["waste"]),
    ("flytip", "sarah", "Reporting fly-tipping with photos",
     "Our fly-tipping report form asks for a photo and a map pin. Enforcement officers get "
     "the report on their phones.", ["enforcement"]),
    ("spd", "aisha", "Reviewing single person discount with data matching",
     "We reviewed council tax single person discount claims by matching against the electoral "
     "register and credit reference data. About 4% of discounts were removed after review.",
     ["revenues", "council tax"]),
    ("ctax-online", "aisha", "Council tax direct debit sign-up online",
     "Residents set up council tax direct debits online; paper mandates dropped by two thirds.",
     ["revenues", "council tax"]),
    ("ctr", "aisha", "Redesigning the council tax reduction scheme application",
     "The council tax reduction form now reuses universal credit data so claimants type less.",
     ["revenues", "benefits"]),
    ("audit-portal", "priya", "What our accessibility audit of the planning portal found",
     "An accessibility audit against WCAG 2.2 AA found keyboard traps, missing labels and low "
     "contrast in the planning portal. The supplier fixed 31 of 40 issues in three sprints.",
     ["accessibility", "planning"]),
    ("a11y-statement", "priya", "Writing an accessibility statement people can use",
     "Our accessibility statement lists known issues, what we are fixing and by when, in "
     "plain English.", ["accessibility"]),
    ("pdfs", "priya", "Replacing PDFs with accessible HTML pages",
     "We replaced 300 PDF forms with HTML pages; screen reader users complete them now.",
     ["accessibility", "content"]),
    ("clean-urls", "dan", "Clean URLs for every service page",
     "Short readable web addresses like /bins instead of /article/1234/Bins. We kept "
     "redirects from old links and measured 404s weekly.", ["website"]),
    ("cms", "tom", "Choosing a CMS for a shared council website",
     "Three districts chose one content management system for a shared website platform, "
     "with separate branding per council.", ["website", "shared services"]),
    ("strategy", "tom", "Writing a digital strategy residents can read",
     "Our digital strategy fits on two pages: fix the basics, design services with residents, "
     "and share what we build with other councils.", ["strategy"]),
    ("shared-service", "tom", "Lessons from a shared ICT service between two councils",
     "A shared ICT service saved money but needed one service desk, one identity system and "
     "a joint governance board.", ["shared services"]),
    ("open-data", "gareth", "Relaunching our open data portal",
     "We republished spending over £500, planning applications and bin collection days as open "
     "data under the Open Government Licence, with CSV and JSON downloads.", ["open data"]),
    ("spending-data", "gareth", "Publishing spending data every month automatically",
     "A scheduled job publishes the transparency code spending data as CSV each month.",
     ["open data", "transparency"]),
    ("open311", "sarah", "Adopting Open311 for pothole reports",
     "We adopted the Open311 GeoReport v2 API so pothole and street light reports from "
     "FixMyStreet land in our highways system without re-keying.", ["highways", "open311"]),
    ("streetworks", "sarah", "Running a street works permit scheme",
     "Our permit scheme for roadworks coordinates utilities and reduces disruption; permits "
     "are managed in Street Manager.", ["highways", "roadworks"]),
    ("street-lights", "sarah", "Reporting broken street lights online",
     "Residents report a broken street light by clicking the column on a map; the contractor "
     "gets the job directly.", ["highways"]),
    ("libraries-wifi", "lucy", "Free wifi and device lending in libraries",
     "Libraries lend tablets and data SIMs to residents who are not online, with help from "
     "digital champions.", ["libraries", "digital inclusion"]),
    ("library-app", "lucy", "Library card sign-up without visiting a branch",
     "Residents join the library online and borrow e-books the same day.", ["libraries"]),
    ("asc-forms", "mo", "Making adult social care forms shorter",
     "Care needs assessment requests went from 14 pages to 5 questions, with a callback.",
     ["social care", "content design"]),
    ("carers", "mo", "Content design for carers' assessments",
     "We rewrote the carers' assessment pages after research with unpaid carers.",
     ["social care", "content design"]),
    ("housing-repairs", "mo", "Reporting housing repairs online",
     "Tenants report repairs with photos and choose an appointment; damp and mould reports "
     "are triaged the same day.", ["housing"]),
    ("foi-tracker", "fiona", "Tracking FOI requests in one place",
     "Freedom of information requests are logged, allocated and answered from one case "
     "tracker; 93% are now answered within 20 working days.", ["foi", "information governance"]),
    ("dpia", "fiona", "A data protection impact assessment template that teams fill in",
     "Our DPIA template asks ten plain questions and links to the record of processing.",
     ["data protection"]),
    ("sar", "fiona", "Handling subject access requests faster",
     "Subject access requests are searched across systems with one checklist.",
     ["data protection"]),
    ("crm", "raj", "Replacing our CRM without a big bang",
     "We replaced the customer relationship management system one service at a time, "
     "starting with bins and council tax contacts.", ["crm", "architecture"]),
    ("identity", "raj", "One sign-in for resident accounts",
     "Residents use one account across council tax, bins and housing; identity is checked "
     "once.", ["identity"]),
    ("notify-letters", "dan", "Sending letters through GOV.UK Notify",
     "Notify's letter service replaced our print room for council tax reminders.",
     ["notify", "revenues"]),
    ("forms-api", "dan", "Building web forms on an API",
     "Our forms post to an API so the same submission reaches the CRM and case systems.",
     ["api", "forms"]),
    ("planning-validation", "hannah", "Fewer invalid planning applications",
     "Validation checks in the planning application form cut invalid applications by 40%.",
     ["planning"]),
    ("land-charges", "hannah", "Moving local land charges to HM Land Registry",
     "Our local land charges register moved to the national service; searches are instant.",
     ["planning", "land charges"]),
    ("parking-permits", "dan", "Virtual residents parking permits",
     "Residents parking permits are now virtual: wardens check number plates, no paper.",
     ["parking"]),
    ("blue-badge", "mo", "Blue badge applications online",
     "Blue badge renewals use the national service and reuse proof from the last application.",
     ["parking", "social care"]),
    ("electoral", "tom", "Canvass reform and the electoral register",
     "Data matching against DWP records meant fewer canvass forms for the electoral register.",
     ["elections"]),
    ("chatbot", "raj", "We switched off our chatbot",
     "Our chatbot answered 12% of questions well; we improved the web pages instead.",
     ["customer contact"]),
    ("uprn", "gareth", "Using UPRNs to join up address data",
     "Every system now stores the unique property reference number, so bins, council tax and "
     "planning records join on one address.", ["data", "addresses"]),
    ("school-admissions", "lucy", "School admissions applications without the paper",
     "Parents apply for school places online; we send offers by email on national offer day.",
     ["education"]),
]  # fmt: skip

# key, post key, author, body
COMMENTS = [
    ("notify-bins-1", "notify-bins", "dan", "We did the same with Notify templates for garden "
     "waste renewals; the email open rate was about 70%."),
    ("notify-bins-2", "notify-bins", "tom", "Great write-up, thanks for sharing."),
    ("notify-bins-3", "notify-bins", "lucy", "How did you handle residents without a mobile?"),
    ("missed-bins-1", "missed-bins", "raj", "Did the tablets integrate with your CRM?"),
    ("spd-1", "spd", "fiona", "Did you complete a DPIA before the data matching?"),
    ("spd-2", "spd", "tom", "Useful, thank you."),
    ("audit-1", "audit-portal", "hannah", "Which supplier runs your planning portal? We see "
     "the same keyboard traps."),
    ("audit-2", "audit-portal", "mo", "Brilliant post."),
    ("clean-urls-1", "clean-urls", "tom", "We measured redirects too; short links helped SEO."),
    ("open-data-1", "open-data", "sarah", "Could you add street works permits to the portal?"),
    ("open311-1", "open311", "gareth", "Is the Open311 endpoint public? We'd like to reuse it."),
    ("open311-2", "open311", "ben", "Nice one."),
    ("libraries-1", "libraries-wifi", "mo", "How many tablets did you lend in the first year?"),
    ("foi-1", "foi-tracker", "aisha", "Which case tracker do you use for FOI?"),
    ("crm-1", "crm", "dan", "We're about to replace our CRM too; did you migrate case history?"),
    ("strategy-1", "strategy", "priya", "Love that accessibility is in the basics."),
    ("asc-1", "asc-forms", "lucy", "Did the callback increase demand on the contact centre?"),
    ("parking-1", "parking-permits", "sarah", "Did wardens need new handhelds for virtual "
     "permits?"),
    ("chatbot-1", "chatbot", "tom", "Same experience here; better pages beat the bot."),
    ("uprn-1", "uprn", "raj", "UPRNs made our CRM address matching much simpler."),
]  # fmt: skip

# key, group key, editor, title, Markdown body with {#anchors}
STANDARDS = [
    ("bins", "waste", "ben", "Bin collection data standard",
     "# Bin collection data {#overview}\n\nHow councils publish bin collection days as open "
     "data.\n\n## Collection calendars {#calendars}\n\nPublish each property's collection "
     "day by UPRN, with bank holiday changes.\n\n## Missed bins {#missed}\n\nResidents report "
     "a missed bin within two working days of the collection day.\n\n## Bin colours "
     "{#colours}\n\nList every container colour with its waste stream: refuse, recycling, "
     "food and garden waste.\n"),
    ("open311", "highways", "sarah", "Open311 service requests standard",
     "# Open311 service requests {#overview}\n\nHow councils accept street reports through "
     "Open311 GeoReport v2.\n\n## Pothole reports {#potholes}\n\nA pothole report carries a "
     "location, a photo and the road defect's size.\n\n## Street lights {#lights}\n\nA street "
     "light fault carries the column number when known.\n\n## Status updates {#status}\n\n"
     "Send status updates back to the reporter when the job is closed.\n"),
    ("a11y", "a11y", "priya", "Accessibility statement standard",
     "# Accessibility statements {#overview}\n\nWhat every council accessibility statement "
     "contains.\n\n## Known issues {#issues}\n\nList known WCAG 2.2 failures with a fix date."
     "\n\n## Testing {#testing}\n\nTest with screen readers and keyboard only at least once a "
     "year.\n"),
    ("procurement", "leads", "tom", "Supplier exit clauses",
     "# Supplier exit clauses {#overview}\n\nSign-in only notes on exit clauses in "
     "platform contracts.\n\n## Data return {#data}\n\nSuppliers return all data in open "
     "formats within 30 days of exit.\n"),
]  # fmt: skip

# key, standard key, anchor, author, body
THREADS = [
    ("missed-window", "bins", "missed", "lucy", "Two working days is too short for rural "
     "rounds; could the missed bin window be three?"),
    ("uprn-calendars", "bins", "calendars", "gareth", "Should calendars also include the "
     "USRN for flats above shops?"),
    ("pothole-size", "open311", "potholes", "hannah", "How do we measure pothole depth "
     "consistently?"),
    ("status-email", "open311", "status", "dan", "Status updates could go by GOV.UK Notify "
     "email."),
    ("a11y-testing", "a11y", "testing", "mo", "Once a year is not enough for a busy website."),
]  # fmt: skip

# key, name, creator
CHANNELS = [
    ("waste", "Waste and recycling", "ben"),
    ("roadworks", "Roadworks and highways", "sarah"),
    ("webdev", "Web development", "dan"),
    ("data", "Open data", "gareth"),
]

# key, channel key, author, body
MESSAGES = [
    ("glass", "waste", "ben", "Anyone trialled kerbside glass collection in separate boxes?"),
    ("food-caddies", "waste", "lucy", "Food waste caddies arrive next month; any tips for the "
     "letters to residents?"),
    ("round-change", "waste", "ben", "How did you tell residents about bin round changes? "
     "We're changing 40% of collection days."),
    ("permit-fees", "roadworks", "sarah", "What do you charge for a street works permit? "
     "Ours is £105 for major works."),
    ("gully", "roadworks", "sarah", "Gully cleaning schedules: does anyone publish them?"),
    ("grit", "roadworks", "sarah", "Our gritting routes map is live for winter."),
    ("react", "webdev", "dan", "Is anyone using the GOV.UK Frontend components with React?"),
    ("404s", "webdev", "dan", "We track 404s after the URL change weekly; down 60%."),
    ("cookie", "webdev", "priya", "Cookie banners: does yours pass an accessibility audit?"),
    ("csv-schema", "data", "gareth", "Which CSV schema do you use for spending over 500 "
     "pounds?"),
    ("api-keys", "data", "gareth", "Do you require API keys for open data downloads?"),
    ("uprn-licence", "data", "gareth", "UPRNs are open under the OS open ID policy now."),
]  # fmt: skip

# key, lead, title, summary, updates
PROJECTS = [
    ("shared-web", "tom", "Shared website platform for three districts",
     "One CMS and content design team for three district councils' websites.",
     ["Content migration finished for the first council."]),
    ("bin-app", "ben", "Bin day lookup and reminders",
     "Postcode lookup for bin days with GOV.UK Notify reminders.",
     ["Reminders are live for 40,000 households."]),
    ("open311-hub", "sarah", "Open311 endpoint for highways reports",
     "An Open311 GeoReport v2 endpoint in front of our highways asset system.",
     ["Potholes and street lights are live; drains next."]),
    ("a11y-audits", "priya", "Accessibility audit programme",
     "Audit our top 50 services against WCAG 2.2 and publish the results.",
     ["20 of 50 services audited."]),
    ("crm-replace", "raj", "CRM replacement",
     "Replace the customer relationship management system service by service.",
     ["Bins and council tax contacts moved."]),
    ("data-portal", "gareth", "Open data portal",
     "Publish council data under the Open Government Licence with an API.",
     ["Spending data published monthly."]),
    ("library-lending", "lucy", "Device lending in libraries",
     "Lend tablets and data to residents who are digitally excluded.",
     ["200 devices lent in the first six months."]),
    ("asc-front-door", "mo", "Adult social care front door",
     "Shorter online requests for care needs assessments with a callback.",
     ["Online requests up 35%."]),
]  # fmt: skip

# key, contributor, kind, title, description, file name, extracted text
ARTEFACTS = [
    ("wcag-checklist", "priya", "document", "WCAG 2.2 audit checklist",
     "The checklist we use for accessibility audits.", "wcag22-checklist.csv",
     "criterion,level,how to test\n2.4.11 Focus not obscured,AA,keyboard\n"
     "2.5.8 Target size,AA,measure\n3.3.7 Redundant entry,A,form review\n"),
    ("notify-templates", "dan", "code", "GOV.UK Notify templates for bin reminders",
     "Template wording for bin day reminder texts and emails.", "notify-templates.csv",
     "template,channel,text\nbin-reminder,sms,Your bin collection is tomorrow\n"),
    ("open311-spec", "sarah", "procurement", "Open311 integration specification",
     "Requirements for suppliers connecting to our Open311 endpoint.", "open311-spec.csv",
     "requirement,detail\nservice list,GeoReport v2 services.json\nphotos,media_url\n"),
    ("spd-method", "aisha", "research", "Single person discount review method",
     "How we matched discount claims against other data.", "spd-review.csv",
     "step,source\n1,electoral register\n2,credit reference agency\n3,letters to residents\n"),
    ("bins-dataset", "gareth", "dataset", "Bin collection days dataset",
     "Every property's bin collection day by UPRN.", "bin-days.csv",
     "uprn,collection day,containers\n100061234567,Tuesday,refuse recycling\n"),
    ("dpia-template", "fiona", "document", "DPIA template",
     "Data protection impact assessment template in ten questions.", "dpia.csv",
     "question,why\nWhat personal data,scope\nWho sees it,access\n"),
    ("crm-requirements", "raj", "procurement", "CRM requirements catalogue",
     "Requirements for a customer relationship management system.", "crm-requirements.csv",
     "requirement,priority\ncase history import,must\nUPRN address lookup,must\n"),
    ("library-research", "lucy", "research", "Digital inclusion user research",
     "Interviews with library users who are not online.", "inclusion-research.csv",
     "finding,quote\ncost of data,I can't afford broadband\n"),
]  # fmt: skip

# query, judgements, kinds (misspelt, synonym, entity, question, plain)
QUERIES = [
    # -- plain topic queries
    ("bin collection reminders", {"post:notify-bins": 2, "project:bin-app": 1,
     "artefact:notify-templates": 1, "comment:notify-bins-1": 1}, "plain"),
    ("missed bins", {"post:missed-bins": 2, "section:bins#missed": 2,
     "thread:missed-window": 1}, "plain"),
    ("garden waste subscription", {"post:garden-waste": 2, "comment:notify-bins-1": 1},
     "plain"),
    ("bulky waste", {"post:bulky": 2}, "plain"),
    ("single person discount", {"post:spd": 2, "artefact:spd-method": 2, "comment:spd-1": 1},
     "plain"),
    ("accessibility audit", {"post:audit-portal": 2, "artefact:wcag-checklist": 1,
     "project:a11y-audits": 1, "message:cookie": 1}, "plain"),
    ("accessibility statement", {"post:a11y-statement": 2, "section:a11y#overview": 2,
     "section:a11y#issues": 1}, "plain"),
    ("clean urls", {"post:clean-urls": 2, "comment:clean-urls-1": 1, "message:404s": 1},
     "plain"),
    ("shared website platform", {"project:shared-web": 2, "post:cms": 2}, "plain"),
    ("digital strategy", {"post:strategy": 2, "comment:strategy-1": 1}, "plain"),
    ("shared services", {"post:shared-service": 2, "post:cms": 1}, "plain"),
    ("open data portal", {"post:open-data": 2, "project:data-portal": 2}, "plain"),
    ("spending data", {"post:spending-data": 2, "message:csv-schema": 1,
     "project:data-portal": 1}, "plain"),
    ("open311", {"post:open311": 2, "section:open311#overview": 2, "project:open311-hub": 2,
     "artefact:open311-spec": 1}, "plain"),
    ("street works permit scheme", {"post:streetworks": 2, "message:permit-fees": 1}, "plain"),
    ("library device lending", {"post:libraries-wifi": 2, "project:library-lending": 2},
     "plain"),
    ("adult social care forms", {"post:asc-forms": 2, "project:asc-front-door": 1}, "plain"),
    ("housing repairs", {"post:housing-repairs": 2}, "plain"),
    ("dpia template", {"artefact:dpia-template": 2, "post:dpia": 2}, "plain"),
    ("CRM replacement", {"project:crm-replace": 2, "post:crm": 2,
     "artefact:crm-requirements": 1, "comment:crm-1": 1}, "plain"),
    ("planning validation", {"post:planning-validation": 2}, "plain"),
    ("local land charges", {"post:land-charges": 2}, "plain"),
    ("kerbside glass", {"message:glass": 2}, "plain"),
    ("gritting routes", {"message:grit": 2}, "plain"),
    ("GOV.UK Notify letters", {"post:notify-letters": 2, "post:notify-bins": 1}, "plain"),
    ("bin colours", {"section:bins#colours": 2}, "plain"),
    ("pothole depth", {"thread:pothole-size": 2, "section:open311#potholes": 1}, "plain"),
    ("school admissions", {"post:school-admissions": 2}, "plain"),
    ("chatbot", {"post:chatbot": 2, "comment:chatbot-1": 1}, "plain"),
    ("wcag 2.2 checklist", {"artefact:wcag-checklist": 2, "post:audit-portal": 1}, "plain"),
    # -- questions
    ("has anyone moved bin reminders to notify?", {"post:notify-bins": 2,
     "project:bin-app": 1, "comment:notify-bins-1": 1}, "question"),
    ("how do other councils review single person discount?", {"post:spd": 2,
     "artefact:spd-method": 2}, "question"),
    ("what should an accessibility statement include?", {"section:a11y#overview": 2,
     "post:a11y-statement": 2}, "question"),
    ("has anyone replaced their CRM?", {"post:crm": 2, "project:crm-replace": 2}, "question"),
    ("how do we tell residents about bin round changes?", {"message:round-change": 2},
     "question"),
    ("what do you charge for street works permits?", {"message:permit-fees": 2,
     "post:streetworks": 1}, "question"),
    ("is anyone lending tablets in libraries?", {"post:libraries-wifi": 2,
     "project:library-lending": 2}, "question"),
    # -- synonyms (search/synonyms.txt)
    ("ctax direct debit", {"post:ctax-online": 2}, "synonym"),
    ("freedom of information tracking", {"post:foi-tracker": 2, "comment:foi-1": 1},
     "synonym"),
    ("customer relationship management", {"post:crm": 2, "project:crm-replace": 2,
     "artefact:crm-requirements": 1}, "synonym"),
    ("road defect reports", {"post:open311": 2, "section:open311#potholes": 2}, "synonym"),
    ("streetlights", {"post:street-lights": 2, "section:open311#lights": 2}, "synonym"),
    ("disabled parking permit", {"post:blue-badge": 2}, "synonym"),
    ("electoral roll", {"post:electoral": 2}, "synonym"),
    ("unique property reference number", {"post:uprn": 2, "comment:uprn-1": 1,
     "artefact:bins-dataset": 1}, "synonym"),
    # -- entities: the page is the answer
    ("Leeds", {"council:LDS": 2, "profile:tom": 1}, "entity"),
    ("Tameside", {"council:TAM": 2, "profile:aisha": 1}, "entity"),
    ("West Berkshire", {"council:WBK": 2, "profile:dan": 1}, "entity"),
    ("Priya Raman", {"profile:priya": 2}, "entity"),
    ("Sarah Whitfield", {"profile:sarah": 2}, "entity"),
    ("digital inclusion group", {"group:inclusion": 2, "post:libraries-wifi": 1}, "entity"),
    # -- misspelt (every grade-2 document must be in the top 3)
    ("bin colection reminders", {"post:notify-bins": 2}, "misspelt"),
    ("accesibility audit", {"post:audit-portal": 2}, "misspelt"),
    ("singel person discount", {"post:spd": 2}, "misspelt"),
    ("opn311 potholes", {"post:open311": 2, "section:open311#potholes": 2,
     "project:open311-hub": 1}, "misspelt"),
    ("open31l", {"post:open311": 2, "section:open311#overview": 2, "project:open311-hub": 2,
     "artefact:open311-spec": 1}, "misspelt"),
    ("wacg 2.2 checklist", {"artefact:wcag-checklist": 2}, "misspelt"),
    ("strret works permit", {"post:streetworks": 2}, "misspelt"),
    ("libary device lending", {"post:libraries-wifi": 2}, "misspelt"),
    ("garden wsate subscription", {"post:garden-waste": 2}, "misspelt"),
    ("chatbto", {"post:chatbot": 2}, "misspelt"),
    ("dpai template", {"artefact:dpia-template": 2, "post:dpia": 2}, "misspelt"),
    ("Tamside", {"council:TAM": 2}, "misspelt"),
    ("kerbisde glass", {"message:glass": 2}, "misspelt"),
    ("Priya Ramen", {"profile:priya": 2}, "misspelt"),
]  # fmt: skip
