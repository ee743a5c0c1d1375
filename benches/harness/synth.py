"""Deterministic synthetic news articles.

Every article is built from its own random generator (seeded from the
article's number), its own cast of invented people, places and
organisations, its own topic vocabulary, and sentences drawn from a few
dozen templates whose every slot is filled independently.  So two articles
share common English words and some sentence frames, but no passage of a
few dozen characters repeats across articles, nor matches the seed article:
near-duplicates never decide which passage a quote belongs to.

The text carries the typography of real copy (curly quotes, apostrophes,
em dashes, figures with thousands separators) so that the revision edits of
`cases.py` (straightened quotes, changed figures) have something to act on.

Only the standard library is used, and only `random.Random(seed)`: the
same seed gives the same article on every machine and Python 3 version.
"""

from __future__ import annotations

import random

# ---------------------------------------------------------------------------
# Vocabulary.  Common words are shared by all articles; each article draws
# its own topic words and invents its own proper nouns.
# ---------------------------------------------------------------------------

TOPICS = {
    "economy": """inflation budget deficit tariff export import wage pension bond
        currency surplus recession subsidy loan mortgage dividend merger factory
        supplier shareholder auditor levy revenue treasury forecast output
        investor retailer cartel quota""",
    "environment": """drought flood glacier reservoir wetland emission turbine
        wildfire coastline aquifer pollutant habitat species rainfall forest
        estuary landfill sediment monsoon heatwave dam orchard pesticide reef
        watershed fishery""",
    "health": """vaccine clinic hospital outbreak diagnosis therapy nurse surgeon
        pharmacy dosage trial symptom infection ward ambulance epidemic
        prescription antibody patient registry screening hospice caregiver
        pathogen immunity""",
    "transport": """railway tunnel airport runway ferry highway bridge depot
        timetable carriage freight harbour junction toll terminal locomotive
        signal platform corridor viaduct fleet commuter pilot cargo tram""",
    "politics": """coalition parliament ballot senator minister referendum
        constituency opposition caucus mandate veto amendment cabinet governor
        candidate manifesto delegate election petition diplomat embassy
        sanction treaty summit envoy""",
    "science": """telescope laboratory genome molecule satellite particle
        specimen fossil enzyme orbit probe spectrometer reactor isotope
        microscope algorithm dataset hypothesis catalyst crystal sensor
        observatory neuron protein comet""",
    "culture": """museum gallery orchestra novelist festival exhibition archive
        manuscript theatre choreographer sculpture premiere curator anthology
        composer libretto mural painter rehearsal audience publisher poet
        documentary playwright ensemble""",
    "law": """tribunal verdict appeal prosecutor defendant statute injunction
        testimony jury magistrate warrant settlement plaintiff indictment
        clemency ruling subpoena affidavit bail custody inquiry counsel
        regulator ombudsman lawsuit""",
    "sport": """stadium tournament striker goalkeeper referee championship
        midfielder coach league fixture trophy relegation marathon sprinter
        racket podium federation season transfer qualifier squad captain
        veteran rookie medal""",
    "technology": """semiconductor startup software browser server firmware
        encryption chipset network database platform smartphone router
        battery processor algorithm cable antenna drone robot compiler
        patent interface datacenter""",
}

COMMON_NOUNS = """plan report agreement decision proposal statement policy
    programme strategy review investigation project district council community
    region committee agency office official spokesperson resident worker family
    company union group network market price cost rule deadline record result
    study survey debate dispute crisis reform budget effort campaign challenge
    concern risk shortage increase decline change system service standard
    process framework partnership initiative measure mission inspection audit
    scheme license contract audit warning response""".split()

VERBS = """announced approved rejected delayed expanded reduced launched
    criticised defended proposed suspended confirmed questioned doubled
    postponed restored examined revised endorsed challenged secured abandoned
    disclosed negotiated funded blocked finalised upgraded dismantled
    published recovered reopened cancelled replaced tripled halved""".split()

ADJECTIVES = """new major regional national local former senior independent
    controversial ambitious modest temporary permanent urgent significant
    unexpected costly informal public private rural coastal northern southern
    eastern western central early late rapid gradual limited broad narrow
    fragile sweeping""".split()

ADVERBS = """quietly sharply publicly repeatedly reluctantly formally narrowly
    swiftly eventually initially briefly largely partly openly firmly
    recently""".split()

ROLES = """minister mayor director chairwoman chairman governor professor
    inspector commissioner economist analyst spokesman spokeswoman
    researcher historian engineer editor treasurer prosecutor ambassador
    curator coach surgeon""".split()

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = """January February March April May June July August September
    October November December""".split()

FIRST_NAMES = """Amara Bogdan Carys Dmitri Elif Farid Greta Hamza Ines Jonas
    Kalinda Lorenzo Mireille Nikhil Oona Pavel Quentin Rasa Soren Tamsin Uriel
    Valeria Wendell Ximena Yusuf Zofia Anneliese Baptiste Cosima Dario Esme
    Florin Giedre Hollis Ilse Jarek Katja Leandro Maren Nadia Osric Petra
    Rafferty Saoirse Teodor Ulla Vesna Wilhelmina Yara Zoran""".split()

# Syllables for invented surnames, places and organisations.
ONSETS = "b br c ch d dr f g gr h j k kl l m n p pr r s st sh t tr v w z".split()
NUCLEI = "a e i o u ai ea ou ie y".split()
CODAS = ["", "n", "r", "l", "s", "m", "th", "nd", "rk", "sk", "v", "t"]
PLACE_ENDINGS = ["ford", "mere", "holm", "grad", "vale", "port", "wick", "stad", "ova", "ina"]
ORG_KINDS = ["Institute", "Authority", "Foundation", "Council", "Bureau",
             "Federation", "Commission", "Trust", "Consortium", "Agency"]
SURNAME_ENDINGS = ["", "son", "ek", "ova", "ez", "ini", "ard", "sky", "ley", "er"]


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)


def _coin(rng: random.Random, syllables: int, ending: str = "") -> str:
    word = "".join(_syllable(rng) for _ in range(syllables)) + ending
    return word[0].upper() + word[1:]


def _number(rng: random.Random) -> str:
    """A figure as news copy writes it: 7, 140, 3,500, 12.5, 2,400,000."""
    kind = rng.random()
    if kind < 0.3:
        return str(rng.randint(2, 99))
    if kind < 0.6:
        return f"{rng.randint(100, 99999):,}"
    if kind < 0.8:
        return f"{rng.randint(10, 999) / 10:.1f}"
    return f"{rng.randint(1000, 9999) * 1000:,}"


class Article:
    """One article's cast, vocabulary and generator."""

    def __init__(self, number: int, seed: int = 0):
        self.rng = random.Random(f"article-{seed}-{number}")
        rng = self.rng
        topics = rng.sample(sorted(TOPICS), 2)
        self.topic_nouns = [w for t in topics for w in TOPICS[t].split()]
        self.people = [
            (rng.choice(FIRST_NAMES), _coin(rng, rng.randint(1, 2), rng.choice(SURNAME_ENDINGS)))
            for _ in range(6)
        ]
        self.places = [_coin(rng, rng.randint(1, 2), rng.choice(PLACE_ENDINGS)) for _ in range(4)]
        self.orgs = [
            f"{rng.choice(['the ', 'the ', 'the National '])}{_coin(rng, 2)} {rng.choice(ORG_KINDS)}"
            for _ in range(3)
        ]
        self.year = rng.randint(1990, 2030)

    # Slot fillers ---------------------------------------------------------

    def noun(self) -> str:
        rng = self.rng
        return rng.choice(self.topic_nouns) if rng.random() < 0.6 else rng.choice(COMMON_NOUNS)

    def plural(self) -> str:
        n = self.noun()
        if n.endswith("is"):
            return n[:-2] + "es"
        if n.endswith(("s", "x", "ch", "sh")):
            return n + "es"
        if n.endswith("y") and n[-2] not in "aeiou":
            return n[:-1] + "ies"
        return n + "s"

    def person(self) -> str:
        first, last = self.rng.choice(self.people)
        return f"{first} {last}" if self.rng.random() < 0.5 else last

    def full_person(self) -> str:
        first, last = self.rng.choice(self.people)
        return f"{first} {last}"

    def date(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"on {rng.choice(MONTHS)} {rng.randint(1, 28)}"
        return f"on {rng.choice(WEEKDAYS)}"

    def year_near(self) -> str:
        return str(self.year + self.rng.randint(-12, 3))

    def fill(self, template: str) -> str:
        rng = self.rng
        slots = {
            "P": self.person,
            "FP": self.full_person,
            "R": lambda: rng.choice(ROLES),
            "O": lambda: rng.choice(self.orgs),
            "L": lambda: rng.choice(self.places),
            "N": self.noun,
            "NS": self.plural,
            "A": lambda: rng.choice(ADJECTIVES),
            "V": lambda: rng.choice(VERBS),
            "ADV": lambda: rng.choice(ADVERBS),
            "NUM": lambda: _number(rng),
            "PCT": lambda: f"{rng.randint(2, 95)} percent",
            "MONEY": lambda: f"${rng.randint(2, 950)}{rng.choice(['', '.5', '.2', '.8'])} million",
            "D": self.date,
            "Y": self.year_near,
        }
        out = []
        rest = template
        while "{" in rest:
            before, _, tail = rest.partition("{")
            name, _, rest = tail.partition("}")
            out.append(before)
            out.append(slots[name]())
        out.append(rest)
        sentence = "".join(out)
        return sentence[0].upper() + sentence[1:]

    def sentence(self) -> str:
        return self.fill(self.rng.choice(TEMPLATES))

    def paragraph(self, target_chars: int) -> str:
        sentences = [self.sentence()]
        while sum(len(s) + 1 for s in sentences) < target_chars:
            sentences.append(self.sentence())
        return " ".join(sentences)

    def paragraphs(self, total_chars: int, mean_paragraph: int = 600) -> list[str]:
        """Paragraphs adding up to about `total_chars` characters."""
        out: list[str] = []
        size = 0
        while size < total_chars:
            target = self.rng.randint(mean_paragraph // 3, mean_paragraph * 5 // 3)
            p = self.paragraph(min(target, total_chars - size))
            out.append(p)
            size += len(p) + 1
        return out


# Sentence templates.  Slots: {P} person, {FP} full name, {R} role, {O}
# organisation, {L} place, {N}/{NS} noun/plural, {A} adjective, {V} verb,
# {ADV} adverb, {NUM} figure, {PCT} percentage, {MONEY} amount, {D} date,
# {Y} year.  Quotation marks and apostrophes are typographic on purpose.
TEMPLATES = [
    "{O} {V} the {A} {N} {D}, {ADV} ending months of {N} over {NS} in {L}.",
    "{FP}, the {R} of {O}, said the {N} had cost {MONEY} since {Y}.",
    "“We have {V} every {N} we could,” {P} told reporters in {L}, “and the {NS} still fell short.”",
    "By {Y}, {PCT} of the {NS} in {L} had been {V}, according to {O}.",
    "The {N} drew {NUM} {NS} to {L}—more than {O} had expected.",
    "{P} {ADV} {V} the {A} {N}, calling it “a {A} {N} for {L}.”",
    "Critics said the {N} was {A} and that {O} had {V} its own {NS}.",
    "In {L}, {NUM} {NS} were {V} after the {A} {N} of {Y}.",
    "{O}’s {A} {N} {V} {PCT} of its {NS} {D}.",
    "It was the {A} {N} since {Y}, when {P} {V} the {NS} of {L}.",
    "{FP} has {ADV} argued that the {N} cannot survive without {A} {NS}.",
    "Officials in {L} {V} the {N} {D}, citing {NUM} unresolved {NS}.",
    "The {R}’s office {V} a {A} {N} worth {MONEY}, the largest since {Y}.",
    "“This is not a {N} about {NS},” said {P}, a {R} in {L}. “It is about {NS}.”",
    "Between {Y} and {Y}, {O} {V} {NUM} {NS} across {L}.",
    "Residents of {L} {ADV} {V} the {N}, though many still doubt the {NS}.",
    "{P} declined to say whether the {N} would be {V} by the end of {Y}.",
    "A {A} {N} published by {O} found that {PCT} of {NS} were {A}.",
    "The {NS} at {L} had been {V} twice—once in {Y} and again {D}.",
    "{O} {V} the {N}, but {P} said the {NS} would take {NUM} months.",
    "Asked about the {N}, the {R} said only that “the {NS} speak for themselves.”",
    "Some {NUM} {NS} now depend on the {A} {N}, up from {NUM} in {Y}.",
    "The dispute over the {N} in {L} {ADV} {V} the {A} {NS} of {O}.",
    "{FP}, who {V} the {N} in {Y}, called its {NS} “{A} and {A}.”",
    "Under the {A} {N}, {O} must report its {NS} to {L} every {NUM} weeks.",
    "The {N} {V} {D} after {P} {V} {NUM} {NS} from {L}.",
    "“Nobody in {L} asked for this {N},” a {R} said, asking not to be named.",
    "{O} said it had {V} {MONEY} for {NS} and a {A} {N}.",
    "That {N}—{A}, {A} and {ADV} {V}—became the model for {NS} in {L}.",
    "The {R} of {L}, {FP}, {V} the {NS} in a {A} statement {D}.",
    "More than {PCT} of {NS} polled by {O} said the {N} was {A}.",
    "{P}’s {N} was {V} {D}, {NUM} days after the {NS} in {L} were {V}.",
    "Few expected the {A} {N} to survive {Y}, but {O} {ADV} {V} it.",
    "According to {P}, the {NS} of {L} were never {V} by {O}.",
    "The {A} {NS} {V} by {O} will cost {MONEY} over {NUM} years.",
    "When {P} arrived in {L} in {Y}, the {N} had already been {V}.",
    "{O} and {O} {V} a {A} {N} on {NS} {D}.",
    "“We will not {V} the {N},” {FP} said. “Not in {Y}, not ever.”",
    "The {N} in {L} is {A}; the {NS} around it are {A} and {A}.",
    "Data from {O} show {NUM} {NS} {V} in {L} since {Y}, a rise of {PCT}.",
]


def overlap_stats(articles: list[list[str]], seed_paragraphs: list[str], n: int = 6) -> dict:
    """How far the articles are from being near-duplicates: the largest
    Jaccard similarity of n-word shingles between any two articles, the mean
    share of an article's shingles that occur in any other article (sentence
    frames of the templates), and the shingles shared with the seed article."""
    def shingles(paragraphs: list[str]) -> set[str]:
        words = " ".join(paragraphs).split()
        return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}

    sets = [shingles(a) for a in articles]
    seen: dict[str, int] = {}
    for s in sets:
        for x in s:
            seen[x] = seen.get(x, 0) + 1
    seed = shingles(seed_paragraphs)
    max_jaccard = 0.0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            common = len(sets[i] & sets[j])
            if common:
                max_jaccard = max(max_jaccard, common / (len(sets[i]) + len(sets[j]) - common))
    return {
        "max_pairwise_jaccard": max_jaccard,
        "mean_shared_share": sum(sum(seen[x] > 1 for x in s) / len(s) for s in sets) / len(sets),
        "shared_with_seed": sum(len(s & seed) for s in sets),
    }
