"""Welsh in search: initial mutations and stop words (docs/search.md, "Welsh").

Welsh changes the first letter of a word after certain words: *cyngor* (council) appears as
*gyngor* ("ei gyngor"), *nghyngor* ("fy nghyngor") and *chyngor* ("a chyngor"); *Caerdydd* as
*Nghaerdydd* ("yng Nghaerdydd"). No search engine ships a Welsh analyser, and a stemmer cannot
undo a mutation, so a reader searching for *cyngor* would miss a post that only says *nghyngor*.

``mutation_groups()`` spells out every mutated form of a lexicon of common local-government
words and place names, as synonym groups that ``search.synonyms`` adds to the shared file's: both
backends then match any form with any other (Elasticsearch at query time with its
``synonym_graph`` filter, the database backends by expanding the query). Words outside the
lexicon match only as written. Words that are also English words ("plant", "data", "bin") are
left out, so an English query never expands into Welsh forms.

``STOP_WORDS`` are the Welsh function words Elasticsearch's Welsh sub-fields ignore.
"""

from __future__ import annotations

from functools import cache

# Radical (dictionary) forms. Lower case; the analysers fold accents.
LEXICON = [
    "cyngor",
    "cynghorau",
    "cynghorydd",
    "cynghorwyr",
    "cymuned",
    "cymunedau",
    "cymraeg",
    "cymru",
    "gwasanaeth",
    "gwasanaethau",
    "casgliad",
    "casgliadau",
    "treth",
    "trethi",
    "cynllunio",
    "trwydded",
    "trwyddedau",
    "parcio",
    "ysgol",
    "ysgolion",
    "gwastraff",
    "ailgylchu",
    "biniau",
    "sbwriel",
    "priffyrdd",
    "ffyrdd",
    "digidol",
    "dinas",
    "ceisiadau",
    "pwyllgor",
    "pwyllgorau",
    "prosiect",
    "prosiectau",
    "safon",
    "safonau",
    "gofal",
    "cymdeithasol",
    "oedolion",
    "llyfrgell",
    "llyfrgelloedd",
    "trafnidiaeth",
    "taliad",
    "taliadau",
    "ffurflen",
    "ffurflenni",
    "gwefan",
    "gwefannau",
    "cofrestru",
    "dogfen",
    "dogfennau",
    "polisi",
    "polisïau",
    "newyddion",
    "digwyddiad",
    "digwyddiadau",
    "tenantiaid",
    "cartrefi",
    "addysg",
    "iechyd",
    "diogelu",
    "grŵp",
    "grwpiau",
    "gweithgor",
    "gweithgorau",
    "trafodaeth",
    "trafodaethau",
    "sianel",
    "sianeli",
    "neges",
    "negeseuon",
    "postiad",
    "postiadau",
    "aelod",
    "aelodau",
    "ymarferwyr",
    "dylunio",
    "defnyddwyr",
    "ymchwil",
    "caerdydd",
    "casnewydd",
    "abertawe",
    "bangor",
    "powys",
    "gwynedd",
    "ceredigion",
    "conwy",
    "penfro",
    "caerfyrddin",
    "pen-y-bont",
    "merthyr",
    "tudful",
    "torfaen",
    "blaenau",
    "gwent",
    "wrecsam",
    "dinbych",
    "fflint",
    "môn",
    "mynwy",
]

# Each radical initial with its soft, nasal and aspirate forms (longest initials first).
MUTATIONS = [
    ("ll", ["l"]),
    ("rh", ["r"]),
    ("c", ["g", "ngh", "ch"]),
    ("p", ["b", "mh", "ph"]),
    ("t", ["d", "nh", "th"]),
    ("g", ["", "ng"]),
    ("b", ["f", "m"]),
    ("d", ["dd", "n"]),
    ("m", ["f"]),
]
VOWELS = "aeiouwyâêîôûŵŷ"

STOP_WORDS = [
    "a",
    "ac",
    "ag",
    "am",
    "ar",
    "at",
    "dan",
    "dros",
    "drwy",
    "e",
    "ei",
    "eich",
    "ein",
    "eu",
    "fe",
    "fy",
    "gan",
    "gyda",
    "hi",
    "hwn",
    "hon",
    "hyn",
    "i",
    "o",
    "os",
    "pa",
    "pan",
    "pe",
    "r",
    "sydd",
    "trwy",
    "wrth",
    "y",
    "yn",
    "yr",
    "'n",
    "'r",
    "mae",
    "oes",
    "oedd",
    "ydy",
    "ydi",
    "bod",
    "wedi",
    "yw",
    "ni",
    "chi",
    "nhw",
    "fo",
    "fi",
]


def mutated_forms(word: str) -> list[str]:
    """Every mutated form of a word (radical first), e.g. cyngor, gyngor, nghyngor, chyngor."""
    forms = [word]
    for initial, replacements in MUTATIONS:
        if word.startswith(initial):
            rest = word[len(initial) :]
            forms += [replacement + rest for replacement in replacements]
            break
    else:
        if word[:1] in VOWELS:
            forms.append("h" + word)  # h-prothesis: "ei hysgol"
    return [form for form in dict.fromkeys(forms) if len(form) >= 3]


@cache
def mutation_groups() -> tuple[tuple[str, ...], ...]:
    """Synonym groups, one per lexicon word: its radical and every mutated form."""
    return tuple(
        tuple(forms) for word in LEXICON if len(forms := mutated_forms(word.replace("-", " "))) > 1
    )
