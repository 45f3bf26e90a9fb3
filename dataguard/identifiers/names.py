"""Name (a person's full name): field-aware rules, free-text cues and optional NER.

Three sources, cheapest first, all through :func:`find_names` (the ``Name`` spec's
``context_finder``):

1. **Fields.** A value whose JSON key says name (``fullName``, ``customer_name``,
   ``cardholderName``, ``nom``, ``名前``, or a plain ``name`` under ``customer``/``patient``/...)
   and that is shaped like a person's name (2-4 capitalised tokens of letters, hyphens and
   apostrophes, particles such as ``van der`` allowed, no digits) is a Name. A plain ``name``
   under a neutral parent needs a known first name or surname (a small built-in list), and under
   ``items``/``product``/``company``/... it is never one. ``firstName``/``lastName``/``surname``
   fields count too, even as one token: each is half of a full name, and masking both halves is
   what keeps the full name from leaking.
2. **Free-text cues** (no model needed): the line after a sign-off (``Thanks,\\nOlivia Smith``),
   after an honorific (``Mr. John Smith``), a self-introduction (``my name is ...``) or an inline
   ``name=...`` / ``Name: ...`` pair in a log line.
3. **NER** (when a spaCy model is installed and the policy names Name): PERSON spans of two or
   more tokens on free-text values only; see :mod:`dataguard.scan.nlp`.

Pure functions; key classification is cached per key pair. Thread-safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from dataguard.scan.keys import key_tokens

Span = tuple[int, int, float]

# Prefilter (RE2 for the detector's candidate set, and Python ``re`` for the reference
# matcher, so explicit ranges instead of \p classes): a capitalised word followed by another
# word, a lone capitalised word (first/last name fields), or CJK/kana (Japanese name fields).
_UP = "A-ZÀ-ÖØ-ÞĀ-ſЀ-Я"
_LET = "A-Za-zÀ-ÖØ-öø-ɏЀ-ӿ"
PREFILTER = (
    f"[{_UP}][{_LET}'’.\\-]{{0,30}},?[\\s\u00a0]+[{_LET}]|^[{_UP}][{_LET}'’\\-]+$|[一-鿿぀-ヿ]{{2}}"
)

# --- key vocabulary --------------------------------------------------------------------------

_NAME_WORDS = frozenset(
    {"name", "names", "nom", "nombre", "nome", "naam", "fullname", "名前", "氏名", "名", "姓"}
)
_PART_KEYS = frozenset(
    {
        "firstname", "lastname", "givenname", "familyname", "surname", "forename", "forenames",
        "middlename", "prenom", "prénom", "vorname", "nachname", "familienname", "apellido",
        "apellidos", "cognome", "primernombre", "lastnames", "firstnames",
    }
)  # fmt: skip
_FULL_KEYS = frozenset(
    {
        "fullname", "fullnames", "nomcomplet", "nombrecompleto", "nomecompleto",
        "vollstaendigername", "vollständigername", "名前", "氏名", "お名前", "personname",
        "cardholder", "accountholder", "holder", "recipient", "addressee", "beneficiary",
        "payee", "payer", "signatory", "contactperson", "ansprechpartner", "destinataire",
        "titular", "intestatario", "karteninhaber", "kontoinhaber",
    }
)  # fmt: skip
# Words that make ``xName`` or a parent of ``name`` a person.
_PERSON_WORDS = frozenset(
    {
        "customer", "client", "user", "requester", "reporter", "patient", "profile", "contact",
        "recipient", "sender", "person", "people", "employee", "staff", "passenger", "guest",
        "member", "owner", "holder", "cardholder", "buyer", "payer", "payee", "beneficiary",
        "author", "driver", "applicant", "student", "traveller", "traveler", "insured",
        "subscriber", "spouse", "parent", "child", "doctor", "physician", "agent", "signer",
        "attendee", "participant", "billing", "shipping", "billto", "shipto", "delivery",
        "consignee", "shipper", "emergency", "kin", "next", "account", "legal", "real",
        "given", "family", "maiden", "birth", "mother", "father", "nurse",
        "cliente", "kunde", "utilisateur", "usuario", "utente", "paziente", "empfänger", "absender",
        "teacher", "tenant", "landlord", "witness", "manager",
        "assignee", "approver", "sales", "rep", "representative", "caller", "respondent",
        "candidate", "employer", "claimant", "policyholder", "addressee", "receiver",
        "address", "addresses", "card", "cards", "payment", "pagador", "titular",
    }
)  # fmt: skip
# Words that make ``xName`` or a parent of ``name`` something other than a person.
_THING_WORDS = frozenset(
    {
        "item", "items", "product", "products", "sku", "line", "lines", "article", "articles",
        "clinic", "hospital", "practice", "company", "companies", "organization", "organisation",
        "org", "merchant", "store", "shop", "service", "services", "event", "events",
        "category", "file", "files", "bucket", "queue", "topic", "stream", "table", "function",
        "app", "application", "device", "plan", "campaign", "promotion", "promo", "tag", "tags",
        "attribute", "attributes", "region", "warehouse", "carrier", "bank", "brand", "team",
        "project", "job", "task", "step", "state", "resource", "resources", "host", "domain",
        "server", "cluster", "database", "db", "schema", "field", "column", "metric", "metrics",
        "dimension", "city", "country", "street", "place", "venue", "location", "site",
        "branch", "department", "group", "role", "policy", "rule", "stack", "image", "model",
        "package", "library", "module", "class", "method", "operation", "action", "pipeline",
        "workflow", "channel", "source", "target", "index", "key", "param", "parameter",
        "variable", "env", "environment", "feature", "flag", "list", "document",
        "template", "course", "medication", "medications", "drug", "prescription", "test",
        "exam", "lab", "insurer", "provider", "vendor", "supplier", "manufacturer", "employer",
        "school", "university", "hotel", "airline", "flight", "route", "shipping_method",
        "status", "type", "kind", "user_agent", "browser", "os", "platform",
        "network", "pet", "animal", "game", "league", "vessel", "vehicle",
        "produkt", "artikel", "produit", "prodotto", "producto", "firma", "entreprise",
        "empresa", "azienda", "username", "login", "nick", "nickname", "handle",
    }
)  # fmt: skip
# A parent key that says nothing either way (envelopes and containers).
_NEUTRAL_PARENTS = frozenset(
    {"detail", "data", "payload", "body", "message", "record", "records", "event", "root"}
)

# --- value shape -----------------------------------------------------------------------------

_PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "da", "das", "dos", "del", "della", "di", "du", "la",
        "le", "bin", "binti", "al", "el", "ten", "ter", "y", "zu", "af", "av", "st", "st.",
        "mac", "ibn", "bint", "d'", "l'",
    }
)  # fmt: skip
_HONORIFICS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "herr", "frau", "m",
        "mme", "mlle", "sr", "sra", "srta", "sig", "sig.ra", "dott", "dott.ssa", "ing",
    }
)  # fmt: skip
# Capitalised words that are common in product, organisation and place names and never a
# person's; a value holding one is not a name (``Riverside Surgery``, ``Linen Duvet Cover``).
_NON_NAME_WORDS = frozenset(
    {
        "street", "road", "avenue", "lane", "drive", "way", "square", "park", "city", "county",
        "state", "surgery", "clinic", "hospital", "pharmacy", "medical", "health", "centre",
        "center", "practice", "group", "ltd", "limited", "inc", "llc", "plc", "gmbh", "ag", "sa",
        "sas", "sarl", "srl", "spa", "bv", "co", "corp", "corporation", "company", "bank",
        "trust", "fund", "services", "service", "solutions", "systems", "software", "team",
        "support", "store", "shop", "market", "traders", "trading", "logistics", "express",
        "mail", "post", "airlines", "air", "hotel", "restaurant", "cafe", "bar", "school",
        "university", "college", "institute", "foundation", "association", "club", "church",
        "sale", "sales", "order", "orders", "shipment", "delivery", "payment", "refund",
        "invoice", "account", "customer", "product", "item", "set", "kit", "pack", "box",
        "cable", "charger", "shoe", "boot", "boots", "jacket", "sweater", "tee", "shirt",
        "cover", "tent", "bottle", "guide", "run", "skillet", "headphones", "sunscreen",
        "edition", "pro", "max", "mini", "plus", "ultra", "lite", "new", "the", "and", "of",
        "for", "with", "to", "in", "on", "at", "by", "from", "error", "warning", "info",
        "debug", "failed", "success", "pending", "test", "sample", "example", "default",
        "unknown", "none", "null", "true", "false", "yes", "no", "hello", "hi", "dear",
        "thanks", "thank", "regards", "best", "cheers", "please", "ticket",
        "request", "response", "update", "created", "deleted", "placed", "status",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "north", "south", "east", "west", "central",
        "london", "paris", "berlin", "amazon", "google", "microsoft", "apple", "aws",
        "royal", "national", "international", "global", "united", "kingdom", "states",
        "europe", "america", "holdings", "partners", "consulting", "labs",
        "studio", "studios", "media", "news", "energy", "power", "water", "gas", "electric",
        "insurance", "capital", "finance", "financial", "department", "ministry", "office",
        "council", "committee", "board", "agency", "authority", "court", "police", "army",
        "visa", "mastercard", "paypal", "stripe", "api", "sdk", "cli", "web", "mobile",
        "app", "ios", "android", "linux", "windows", "mac", "cloud", "server", "queue",
        "straße", "strasse", "weg", "platz", "rue", "via", "calle", "plaza",
        "merino", "organic", "cotton", "waterproof", "leather", "ceramic", "linen", "cast",
        "iron", "ultralight", "insulated", "mineral", "wooden", "field", "running",
        "noise", "cancelling", "pour", "duvet", "crew", "trail", "chelsea", "marble",
        "mushrooms", "riverside", "summer", "winter", "spring", "autumn", "fall", "black",
        "cyber", "flash", "deal", "deals", "gift", "card", "voucher", "coupon",
    }
)  # fmt: skip

# Common given names and surnames across the AWS locales (a plain ``name`` key under a
# neutral parent counts only with one of these). Lowercase, ASCII-folded forms too.
_GIVEN = frozenset(
    """
    james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
    christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan
    jesse bryan billy bruce gabriel joe logan alan juan albert willie elijah wayne randy
    vincent mason roy ralph bobby russell bradley philip eugene liam lucas oliver harry
    charlie oscar leo archie alfie freddie theo finley jamie mary patricia jennifer linda
    elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley
    kimberly emily donna michelle carol amanda melissa deborah stephanie dorothy rebecca
    sharon laura cynthia amy kathleen angela shirley brenda emma anna pamela nicole samantha
    katherine christine helen debra rachel carolyn janet maria catherine heather diane olivia
    julie joyce victoria ruth virginia lauren kelly christina joan evelyn judith andrea
    hannah megan cheryl jacqueline martha madison teresa gloria sara janice ann kathryn
    abigail sophia frances jean alice judy isabella julia grace amber denise danielle marilyn
    beverly charlotte natalie theresa diana brittany doris kayla alexis lori marie ava mia
    amelia isla ella poppy lily chloe sophie freya ivy florence rosie evie zoe zoë chloé
    mohammed muhammad mohamed ahmed ali omar fatima aisha priya aarav arjun raj ravi anil
    sunita wei mei li chen hiroshi yuki haruto yui sakura kenji takashi akira oluwaseun
    kwame amara chinedu ngozi lukas jürgen jurgen hans klaus stefan andreas michael markus
    tobias felix maximilian paul jonas leon finn niklas anna lena lea laura julia katharina
    sabine ursula monika petra claudia ingrid birgit heike søren soren björn bjorn lars
    nils erik sven olaf astrid sigrid siobhán siobhan sean seán aoife niamh ciara
    pierre jean jacques michel philippe alain nicolas françois francois louis hugo jules
    gabriel raphaël raphael arthur amélie amelie camille manon léa lea chloé inès ines
    juliette marie sophie isabelle nathalie sylvie valérie valerie céline celine
    giuseppe giovanni antonio mario luigi francesco marco alessandro andrea luca matteo
    lorenzo leonardo davide stefano paolo roberto chiara giulia francesca sofia alessia
    martina federica elena valentina paola rosa
    josé jose antonio manuel francisco juan javier carlos miguel alejandro mateo pablo
    diego sergio jorge luis álvaro alvaro lucía lucia sofía carmen isabel laura ana
    marta pilar elena paula cristina nuria mateusz ewa piotr katarzyna anna tomasz
    nikolai ivan dmitri olga natasha svetlana mateus joão joao ana beatriz
    noor layla yusuf ibrahim hassan hussein zainab maryam
    """.split()  # noqa: SIM905
)
_SURNAMES = frozenset(
    """
    smith johnson williams brown jones garcia garcía miller davis rodriguez rodríguez
    martinez martínez hernandez hernández lopez lópez gonzalez gonzález wilson anderson
    thomas taylor moore jackson martin lee perez pérez thompson white harris sanchez
    sánchez clark ramirez lewis robinson walker young allen king wright scott torres
    nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
    roberts evans turner phillips parker edwards collins stewart morris murphy cook
    rogers morgan cooper peterson reed bailey bell kelly howard ward cox richardson wood
    watson brooks bennett gray james hughes price sanders myers long ross foster
    o'brien obrien o'connor o'neill murphy walsh byrne ryan
    müller mueller muller schmidt schneider fischer weber meyer wagner becker schulz
    hoffmann koch richter klein wolf schröder schroder neumann schwarz zimmermann braun
    krüger hartmann lange werner krause lehmann köhler
    martin bernard dubois thomas robert richard petit durand leroy moreau simon laurent
    lefebvre michel garcia david bertrand roux vincent fournier morel girard andré
    rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo
    conti de luca costa giordano mancini rizzo lombardi moretti
    fernández fernandez gómez gomez díaz diaz moreno muñoz alonso romero navarro ruiz
    jiménez jimenez serrano
    kowalski wiśniewski wojcik wójcik kowalczyk nowak novak kim park choi tanaka suzuki
    sato takahashi watanabe yamamoto nakamura kobayashi patel shah singh kumar sharma khan
    ali chen wang li zhang liu yang huang zhao wu zhou okafor adeyemi andersson johansson
    karlsson nilsson jensen nielsen hansen pedersen larsen silva santos oliveira souza
    pereira costa yılmaz yilmaz kaya demir cohen levi mizrahi ivanov petrov
    """.split()  # noqa: SIM905
)

_TOKEN_OK = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-.](?=[^\W\d_]))*\.?\Z")


def _fold(word: str) -> str:
    return word.lower().strip(".,")


def name_tokens(value: str) -> list[str] | None:
    """The tokens of ``value`` if it is shaped like a person's name, else None.

    2-4 name tokens (plus particles and a leading honorific), each letters with inner
    hyphens/apostrophes/dots, capitalised or all caps; ``Smith, Olivia`` allowed; no digits.
    A single capitalised token is returned too (callers decide whether one token is enough).
    """
    v = value.strip()
    if not v or len(v) > 80 or "\n" in v:
        return None
    if v.count(",") == 1:
        last, _, first = v.partition(",")
        v = f"{first.strip()} {last.strip()}"
    raw = v.split()
    if not raw or len(raw) > 6:
        return None
    if raw and _fold(raw[0]) in _HONORIFICS and len(raw) > 1:
        raw = raw[1:]
    names: list[str] = []
    for i, tok in enumerate(raw):
        if not _TOKEN_OK.match(tok):
            return None
        low = tok.lower()
        if low in _PARTICLES and 0 < i < len(raw) - 1:
            continue
        if not tok[0].isupper():
            return None
        if low.strip(".") in _NON_NAME_WORDS:
            return None
        names.append(tok)
    if not 1 <= len(names) <= 4:
        return None
    if len(names) == 1 and len(names[0].rstrip(".")) < 2:
        return None
    return names


_CJK_NAME = re.compile(
    r"[\u4e00-\u9fff\u3040-\u30ff\u30fc々]{2,8}(?:[ \u3000][\u4e00-\u9fff\u3040-\u30ff々]{1,6})?\Z"
)


def _known(tokens: list[str]) -> bool:
    first = _fold(tokens[0])
    last = _fold(tokens[-1])
    return first in _GIVEN or last in _SURNAMES or first in _SURNAMES


# --- key classification ----------------------------------------------------------------------

# Field kinds: "full" (a full-name field), "part" (first/last name field), "generic" (plain
# ``name``: depends on the parent), None (not a name field).


@lru_cache(maxsize=4096)
def _key_kind(key: str) -> str | None:
    toks = key_tokens(key)
    if not toks:
        return None
    joined = "".join(toks)
    if joined in _FULL_KEYS:
        return "full"
    if joined in _PART_KEYS:
        return "part"
    if joined in _NAME_WORDS:
        return "generic"
    if toks[-1] in _NAME_WORDS or toks[-1] == "holder":
        head = toks[:-1]
        if set(head) & {"first", "last", "given", "family", "middle", "sur", "fore", "maiden"}:
            return "part"
        kind = _words_kind(head)
        if kind == "thing":
            return None
        return "full" if kind == "person" else "generic"
    if "name" in toks and toks[toks.index("name") + 1 :] in (["first"], ["last"], ["full"]):
        return "part" if toks[-1] != "full" else "full"  # nameFirst; not name_id, nameSpace
    return None


@lru_cache(maxsize=4096)
def _parent_kind(parent: str | None) -> str:
    """ "person", "thing" or "neutral" for the key above a plain ``name``."""
    if parent is None:
        return "neutral"
    toks = key_tokens(parent)
    if not toks or "".join(toks) in _NEUTRAL_PARENTS:
        return "neutral"
    return _words_kind(list(toks))


def _words_kind(toks: Sequence[str]) -> str:
    """ "person", "thing" or "neutral" for a key's words; when both kinds occur, the last
    word decides (``customerAccount`` is a person, ``customerSegment`` a thing), and a tie
    goes to person: a leak is worse than an over-redaction."""
    if not toks:
        return "neutral"
    words = set(toks)
    person = "".join(toks) in _PERSON_WORDS or bool(words & _PERSON_WORDS)
    thing = bool(words & _THING_WORDS)
    if person and thing:
        return "thing" if toks[-1] in _THING_WORDS and toks[-1] not in _PERSON_WORDS else "person"
    if person:
        return "person"
    return "thing" if thing else "neutral"


def field_keys(keys: Sequence[object]) -> tuple[str | None, str | None]:
    """The value's own key and its parent key (array indexes and layer markers skipped)."""
    own: str | None = None
    for k in reversed(keys):
        if type(k) is str:
            if own is None:
                own = k
            else:
                return own, k
    return own, None


def field_name_span(value: str, keys: Sequence[object]) -> Span | None:
    """The whole value as a Name when its field says name and its shape agrees."""
    own, parent = field_keys(keys)
    if own is None:
        return None
    kind = _key_kind(own)
    if kind is None:
        return None
    if _CJK_NAME.match(value.strip()):
        if kind == "generic" and _parent_kind(parent) == "thing":
            return None
        return _strip_span(value, 0.8)
    toks = name_tokens(value)
    if toks is None:
        return None
    if kind == "part":
        return _strip_span(value, 0.8)
    if len(toks) < 2:
        return None
    if kind == "full":
        return _strip_span(value, 0.9)
    pk = _parent_kind(parent)
    if pk == "thing":
        return None
    if pk == "person" or _known(toks):
        return _strip_span(value, 0.85)
    return None


def _is_name_field(keys: Sequence[object]) -> bool:
    """A name field's value was decided by its shape; NER does not second-guess it."""
    own, _ = field_keys(keys)
    return own is not None and _key_kind(own) is not None


def _strip_span(value: str, score: float) -> Span:
    start = len(value) - len(value.lstrip())
    return (start, len(value.rstrip()), score)


# --- free-text cues --------------------------------------------------------------------------

_CAP = r"(?:[^\W\d_]['’]?)?[^\W\d_a-z][^\W\d_]*(?:[-'’][^\W\d_]+)*"
_PART = r"(?:van|von|der|den|de|da|das|dos|del|della|di|du|la|le|bin|al|el|ten|ter|zu)"
_FULL = rf"{_CAP}(?:[ \t]+(?:{_PART}[ \t]+){{0,2}}{_CAP}){{1,3}}"

_SIGNOFF = re.compile(
    r"(?:(?<=\A)|(?<=\n)|(?<=[.!?] )|(?<=[.!?]\t))[ \t]*"
    r"(?i:thanks|thank you|many thanks|regards|best regards|kind regards|warm regards|"
    r"best wishes|best|cheers|sincerely|yours sincerely|yours faithfully|yours truly|"
    r"viele grüße|viele grüsse|beste grüße|mit freundlichen grüßen|lg|cordialement|"
    r"bien cordialement|merci|bien à vous|saludos|un saludo|atentamente|cordiali saluti|"
    r"saluti|grazie|distinti saluti|groetjes|met vriendelijke groet|mvg|よろしくお願いします)"
    r"[ \t]*[,.!]?[ \t]*(?:\r?\n[ \t]*|[ \t]+|--[ \t]*)(?:[-—–][ \t]*)?"
    rf"(?P<v>{_FULL})[ \t]*(?:\r?\n|\Z|[,.])",
    re.UNICODE,
)
_HONORIFIC = re.compile(
    r"(?<![\w])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Sr|Sra|Srta|Sig\.ra|Sig|Dott)"
    rf"\.?[ \t]+(?P<v>{_FULL}|{_CAP})",
    re.UNICODE,
)
_INTRO = re.compile(
    r"(?i:my name is|my name's|name is|i am|i'm|this is|je m'appelle|je suis|ich heiße|"
    r"ich heisse|mein name ist|mi chiamo|sono|me llamo|mi nombre es|soy|signed|signed by|"
    r"on behalf of|attn:?|attention:?|c/o|contact person:?)"
    rf"[ \t]+(?P<v>{_FULL})",
    re.UNICODE,
)
_INLINE = re.compile(
    r"(?<![\w])(?P<k>[A-Za-z_]*(?:[Nn]ame|NAME|[Hh]older|nom|Nome|Nombre)[A-Za-z_]*)"
    r"[\"']?[ \t]*[:=][ \t]*[\"']?"
    rf"(?P<v>{_FULL}|{_CAP})",
    re.UNICODE,
)


# Japanese: a name after a closing formula on its own line, or before the honorific 様.
_KANJI = "一-鿿々〆"
_JP_NAME = f"[{_KANJI}]{{1,4}}[ \u3000]?[{_KANJI}ぁ-んァ-ヶー]{{1,4}}"
_JP_SIGNOFF = re.compile(
    r"(?:よろしくお願い(?:いた)?します|宜しくお願い(?:いた)?します|敬具|草々|以上)[。！!]?"
    rf"[ \t\u3000]*\r?\n[ \t\u3000]*(?P<v>{_JP_NAME})[ \t\u3000]*(?:\r?\n|\Z)"
)
_JP_HONORIFIC = re.compile(rf"(?<![{_KANJI}ぁ-んァ-ヶー])(?P<v>{_JP_NAME})(?=様|さま|殿)")


def text_name_spans(text: str) -> list[Span]:
    """Names that free-text cues point at (sign-offs, honorifics, introductions, k=v)."""
    out: list[Span] = []
    for rx, score in ((_SIGNOFF, 0.8), (_HONORIFIC, 0.85), (_INTRO, 0.75)):
        for m in rx.finditer(text):
            s, e = m.span("v")
            toks = name_tokens(text[s:e])
            if toks is None:
                continue
            if rx is not _HONORIFIC and len(toks) < 2:
                continue
            if rx is _INTRO and not _known(toks):
                continue
            out.append((s, e, score))
    if not text.isascii():
        for rx in (_JP_SIGNOFF, _JP_HONORIFIC):
            out.extend((m.start("v"), m.end("v"), 0.8) for m in rx.finditer(text))
    for m in _INLINE.finditer(text):
        s, e = m.span("v")
        if field_name_span(text[s:e], (m.group("k"),)) is not None:
            out.append((s, e, 0.8))
    return out


# --- free text -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{2,}")


def is_free_text(value: str) -> bool:
    """Whether ``value`` reads as prose (where NER may run): several words, mostly letters.

    Ids, enums, codes, numbers and short labels are not: they have fewer than four words or
    few letters.
    """
    if len(value) < 16 or value.count(" ") + value.count("\n") < 3:
        return False
    words = _WORD.findall(value)
    if len(words) < 4:
        return False
    letters = sum(len(w) for w in words)
    return letters * 2 >= len(value.replace(" ", ""))


# --- the finder ------------------------------------------------------------------------------

NerFn = Callable[[str], list[tuple[int, int, str]]]


def make_finder(
    ner: Callable[[], NerFn | None] | None = None,
) -> Callable[[str, Sequence[object]], list[Span]]:
    """The Name ``context_finder``; ``ner`` returns the loaded NER function (or None) lazily."""

    def find_names(text: str, keys: Sequence[object]) -> list[Span]:
        span = field_name_span(text, keys)
        if span is not None:
            return [span]
        out = text_name_spans(text)
        if ner is not None and not _is_name_field(keys) and is_free_text(text):
            fn = ner()
            if fn is not None:
                taken = [(s, e) for s, e, _ in out]
                for s, e, label in fn(text):
                    if label != "PERSON" or any(s < te and ts < e for ts, te in taken):
                        continue
                    toks = name_tokens(text[s:e])
                    if toks is not None and len(toks) >= 2:
                        out.append((s, e, 0.85))
        return out

    return find_names


__all__ = [
    "PREFILTER",
    "field_keys",
    "field_name_span",
    "is_free_text",
    "make_finder",
    "name_tokens",
    "text_name_spans",
]
