"""The managed data identifier catalogue: every identifier SNS data protection accepts.

Names, categories and countries follow the SNS "Sensitive data types" pages and the
CloudWatch Logs "Types of data that you can protect" table (the two services share the
catalogue; the CDK ``aws_logs.DataIdentifier`` class mirrors it). Detection follows AWS where
AWS documents it (keywords, test card numbers, 13-19 digit Luhn cards, 30-character keyword
proximity) and is stricter where AWS is silent, because a detector that flags ids and
timestamps is worse than none. Identifiers without a detector have ``patterns == ()`` so
``detectable`` is False and a policy naming them loads with a warning.

Importing this module compiles nothing: specs are data. ``MANAGED`` is read-only by
convention and safe to share between threads.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from types import MappingProxyType

from dataguard.identifiers import addresses, names, phones
from dataguard.identifiers import keywords as kw
from dataguard.identifiers import validators as v
from dataguard.identifiers.spec import IdentifierSpec
from dataguard.scan.card_windows import card_windows

# Boundaries reused by the numeric patterns: not inside a longer token or decimal number.
_NB = r"(?<![\w.\-])"  # no word char, dot or dash just before
_NA = r"(?![\w\-]|\.\d)"  # no word char, dash or ".digit" just after
_KW_WINDOW = 30  # CloudWatch Logs/Macie: "typically within 30 characters (inclusively)"

DRIVERS_LICENSE_COUNTRIES = (
    "AT", "AU", "BE", "BG", "CA", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR",
    "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    "US",
)  # fmt: skip


def _spec(
    name: str,
    category: str,
    *,
    description: str = "",
    **kwargs: object,
) -> IdentifierSpec:
    if "-" in name and "countries" not in kwargs:
        kwargs["countries"] = (name.rsplit("-", 1)[1],)
    kwargs.setdefault("keyword_window", _KW_WINDOW)
    return IdentifierSpec(name=name, category=category, description=description, **kwargs)  # type: ignore[arg-type]


def _num(body: str) -> str:
    """A numeric pattern with the standard boundaries and the span in group ``v``."""
    return _NB + "(?P<v>" + body + ")" + _NA


def _grouped(parts: tuple[str, ...], seps: tuple[str, ...] = (" ", "-", "")) -> str:
    """Digit groups joined by one separator used consistently (``123-456`` or ``123 456``,
    not ``123-456 789``), as explicit alternatives so the pattern stays RE2-compatible."""
    return "(?:" + "|".join(re.escape(sep).join(parts) for sep in seps) + ")"


def _tok(body: str) -> str:
    """An alphanumeric token pattern: not glued to other word characters or dashes."""
    return r"(?<![\w\-])(?P<v>" + body + r")(?![\w\-])"


# --- Credentials -----------------------------------------------------------------------------

_B64 = r"[A-Za-z0-9+/=\s\\]"  # key bodies; backslash so JSON-escaped "\n" stays inside

_CREDENTIALS = [
    _spec(
        "AwsSecretKey",
        "Credentials",
        patterns=(r"(?<![A-Za-z0-9/+])(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",),
        validator=v.aws_secret_key,
        keywords=kw.AWS_SECRET_KEY,
        keyword_required=True,
        score=0.9,
        description="40-character secret access key; AWS requires a keyword.",
    ),
    _spec(
        "OpenSshPrivateKey",
        "Credentials",
        patterns=(
            r"-----BEGIN OPENSSH PRIVATE KEY-----"
            + _B64
            + r"*(?:-----END OPENSSH PRIVATE KEY-----)?",
        ),
        prefilter=r"BEGIN OPENSSH PRIVATE KEY",
        score=0.99,
        description="The whole BEGIN..END block (or the header and body if END is cut off).",
    ),
    _spec(
        "PgpPrivateKey",
        "Credentials",
        patterns=(
            r"-----BEGIN PGP PRIVATE KEY BLOCK-----(?:\r?\n[A-Za-z\-]{1,30}: [^\r\n]{0,200}){0,8}"
            + _B64
            + r"*(?:-----END PGP PRIVATE KEY BLOCK-----)?",
        ),
        prefilter=r"BEGIN PGP PRIVATE KEY BLOCK",
        score=0.99,
        description="Armored PGP private key block, armor headers included.",
    ),
    _spec(
        "PkcsPrivateKey",
        "Credentials",
        patterns=(
            r"-----BEGIN (?P<t>RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----"
            r"(?:\s*Proc-Type: [^\n]*\s*DEK-Info: [^\n]*)?"
            + _B64
            + r"*(?:-----END (?P=t)?PRIVATE KEY-----)?",
        ),
        prefilter=r"PRIVATE KEY-----",
        score=0.99,
        description="PKCS#8 (plain or encrypted), PKCS#1 RSA, DSA and SEC1 EC PEM blocks.",
    ),
    _spec(
        "PuttyPrivateKey",
        "Credentials",
        patterns=(
            r"PuTTY-User-Key-File-[23]:(?:[\s\S]{0,8000}?Private-(?:MAC|Hash):\s*[0-9A-Fa-f]+"
            r"|[^\n]*)",
        ),
        prefilter=r"PuTTY-User-Key-File-",
        score=0.99,
        description="A .ppk file from its header to Private-MAC (header line alone if cut).",
    ),
]

# --- Devices ---------------------------------------------------------------------------------

_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_DEVICES = [
    _spec(
        "IpAddress",
        "Devices",
        patterns=(
            # IPv4; not inside dotted versions (v1.2.3.4, 10.0.19041.1) or after "version ".
            r"(?<![\w.])(?<!(?i:version) )(?<!(?i:version): )(?<!(?i:version)=)"
            r"(?P<v>" + _OCTET + r"(?:\." + _OCTET + r"){3})(?![\w]|\.\w)",
            # IPv6 candidate (colon groups of 0-4 hex); ipaddress decides.
            # full 8-group form, or a form with "::" (the only ways IPv6 text is written), so
            # clock times like 17:25:00 are not even candidates
            r"(?<![\w:.])(?P<v>(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
            r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?::"
            r"(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)(?![\w:]|\.\d)",
        ),
        validator=v.ip_address,
        prefilter=r"\d\.\d|[0-9A-Fa-f]:[0-9A-Fa-f:]",
        presidio_entity="IP_ADDRESS",
        score=0.9,
        description="IPv4 and IPv6; AWS requires no keyword.",
    ),
]

# --- Financial -------------------------------------------------------------------------------

# Every issuer prefix (validators._CARD_ISSUERS) starts with 2, 3, 4, 5, 6 or 8: saying so
# here keeps timestamps, GTINs and order numbers from ever reaching the validator.
_CARD_PATTERNS = (
    _num(r"[2-68]\d{12,18}"),
    _num(r"[2-68]\d{3}(?P<s>[ \-])\d{4}(?P=s)\d{4}(?P=s)\d{1,4}(?:(?P=s)\d{3})?"),
    _num(r"[2-68]\d{3}(?P<s>[ \-])\d{6}(?P=s)\d{4,5}"),
)


def _iban(country: str) -> str:
    n = v.IBAN_LENGTHS[country] - 4
    return r"(?<![\w\-])(?P<v>" + country + r"\d{2}(?: ?[A-Z0-9]){" + str(n) + r"})(?![\w\-])"


def _gb_bank_account(text: str) -> bool:
    """A GB IBAN, or a sort code followed by an 8-digit account number."""
    if text[:2] == "GB":
        return v.iban_mod97(text, "GB")
    return v.gb_sort_code_account(text)


_FINANCIAL = [
    *(
        _spec(
            f"BankAccountNumber-{cc}",
            "Financial",
            # An IBAN (country code, exact national length, mod-97) is specific enough to count
            # without a keyword (dataguard is stricter than AWS here: a leak costs more than a
            # mask); the bare national forms still need one.
            patterns=(_iban(cc),),
            keyword_patterns=((_num(r"\d{2}-\d{2}-\d{2}[ ,;/]{1,3}\d{8}"),) if cc == "GB" else ()),
            validator=v.iban_for(cc) if cc != "GB" else _gb_bank_account,
            keywords=kw.BANK_ACCOUNT[cc],
            keyword_required=False,
            presidio_entity="IBAN_CODE",
            score=0.9,
            description=(
                "IBAN with mod-97 check, with or without a keyword"
                + ("; sort code + 8-digit account only next to a keyword" if cc == "GB" else "")
                + "."
            ),
        )
        for cc in ("DE", "ES", "FR", "GB", "IT")
    ),
    _spec(
        "BankAccountNumber-US",
        "Financial",
        patterns=(_num(r"\d{8,17}"),),
        validator=v.us_bank_account,
        keywords=kw.BANK_ACCOUNT["US"],
        keyword_required=True,
        presidio_entity="US_BANK_NUMBER",
        score=0.7,
        description="8-17 digits next to a bank account keyword.",
    ),
    _spec(
        "CreditCardExpiration",
        "Financial",
        patterns=(
            r"(?<![\w/.\-])(?P<v>(?:0[1-9]|1[0-2]) ?[/\-] ?(?:20)?\d{2})(?![\w/\-]|\.\d)",
            r"(?<![\w/.\-])(?P<v>20\d{2}[/\-](?:0[1-9]|1[0-2]))(?![\w/\-]|\.\d)",
        ),
        validator=v.card_expiration,
        keywords=kw.CREDIT_CARD_EXPIRATION,
        keyword_required=True,
        score=0.8,
    ),
    _spec(
        "CreditCardMagneticStripe",
        "Financial",
        patterns=(
            r"(?<![\w])(?P<v>%?B\d{13,19}\^[A-Za-z0-9 /.'\-]{2,26}\^\d{4}\d{0,40}\??)",
            r"(?<![\w])(?P<v>;?\d{13,19}=\d{4}\d{0,30}\??)",
        ),
        validator=v.magnetic_stripe,
        keywords=kw.CREDIT_CARD_MAGNETIC_STRIPE,
        keyword_required=True,
        score=0.9,
        description="Track 1 and 2 data with a Luhn-valid account number.",
    ),
    _spec(
        "CreditCardNumber",
        "Financial",
        patterns=_CARD_PATTERNS,
        validator=v.credit_card_number,
        keywords=kw.CREDIT_CARD_NUMBER,
        keyword_required=True,
        digit_run_is_value=True,
        # (card_windows' docstring: why that covers these patterns; None without a compiler)
        candidate_spans=card_windows,
        prefilter=r"\d{4}",
        presidio_entity="CREDIT_CARD",
        score=0.95,
        description=(
            "13-19 digits (optionally grouped by spaces or dashes), issuer prefix, Luhn; issuers' "
            "public test numbers are never reported. AWS lists keywords as required."
        ),
    ),
    _spec(
        "CreditCardSecurityCode",
        "Financial",
        patterns=(_num(r"\d{3,4}"),),
        keywords=kw.CREDIT_CARD_SECURITY_CODE,
        keyword_required=True,
        score=0.8,
    ),
]

# --- Health ----------------------------------------------------------------------------------


def _dea(text: str) -> bool:
    """DEA registration: 2 letters, 7 digits, last = (d1+d3+d5 + 2*(d2+d4+d6)) mod 10."""
    ds = v.digits(text)
    if len(ds) != 7:
        return False
    d = [int(c) for c in ds]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def _npi(text: str) -> bool:
    """NPI: 10 digits starting 1 or 2, Luhn over the 80840 prefix + number."""
    ds = v.digits(text)
    return len(ds) == 10 and ds[0] in "12" and v.luhn("80840" + ds)


def _hcpcs(text: str) -> bool:
    """Not an all-zero code (00000, A0000 placeholders)."""
    return text[1:] != "0000" and text != "00000"


# INSEE/NIR layout: sex, year, month, department (2A/2B for Corsica), commune, order, key;
# digit groups may be separated by single spaces.
_NIR = r"[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}"

_MBI_L = "AC-HJKMNP-RT-Y"  # letters MBIs use (no S L O I B Z)

_HEALTH = [
    _spec(
        "DrugEnforcementAgencyNumber-US",
        "Health",
        patterns=(_tok(r"[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}"),),
        validator=_dea,
        keywords=("dea number", "dea registration"),  # AWS
        keyword_required=True,
        description="DEA registration number with its check digit.",
    ),
    _spec(
        "HealthInsuranceCardNumber-EU",
        "Health",
        patterns=(_num(r"80\d{18}"),),
        validator=v.ehic_card_number,
        keywords=(*kw.HEALTH_INSURANCE_CARD_EU, "european health insurance card"),
        keyword_required=True,
        countries=("EU",),
        unicode=True,
        description=(
            "EHIC card identification number: 20 digits, ISO/IEC 7812 issuer 80 + an EU/EEA/CH "
            "numeric country code. AWS requires a keyword."
        ),
    ),
    _spec(
        "HealthInsuranceClaimNumber-US",
        "Health",
        patterns=(
            _tok(r"\d{3}-?\d{2}-?\d{4}[\- ]?[A-Z][A-Z0-9]?"),
            _tok(r"[A-Z]{1,3}-?\d{6}(?:\d{3})?"),
        ),
        validator=v.hicn,
        keywords=kw.HEALTH_INSURANCE_CLAIM_US,
        keyword_required=True,
        description=(
            "HICN: SSN (SSA rules) + Beneficiary Identification Code, or a Railroad Retirement "
            "Board number with a known prefix. AWS requires a keyword."
        ),
    ),
    _spec(
        "HealthInsuranceNumber-FR",
        "Health",
        patterns=(_tok(_NIR),),
        validator=v.fr_nir,
        keywords=kw.HEALTH_INSURANCE_NUMBER_FR,
        keyword_required=True,
        description="Carte Vitale number = the NIR, 13 characters and its mod-97 key.",
    ),
    _spec(
        "HealthcareProcedureCode-US",
        "Health",
        patterns=(_tok(r"[A-CEGHJ-MP-V]\d{4}|\d{4}[0-9FTU]"),),
        validator=_hcpcs,
        keywords=kw.HEALTHCARE_PROCEDURE_CODE_US,
        keyword_required=True,
        score=0.7,
        description=(
            "HCPCS Level II (letter + 4 digits) and Level I/CPT (4 digits + digit, F, T or U). "
            "AWS requires a keyword; without one these are indistinguishable from SKUs."
        ),
    ),
    _spec(
        "MedicareBeneficiaryNumber-US",
        "Health",
        patterns=(
            _tok(
                rf"[1-9][{_MBI_L}][{_MBI_L}0-9]\d-?[{_MBI_L}][{_MBI_L}0-9]\d-?[{_MBI_L}]{{2}}\d{{2}}"
            ),
        ),
        keywords=(
            "mbi",
            "medicare beneficiary identifier",
            "medicare beneficiary number",
            "medicare",
        ),
        keyword_required=True,
        description="CMS MBI layout (11 characters, restricted letters).",
    ),
    _spec(
        "NationalDrugCode-US",
        "Health",
        patterns=(_num(r"\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d{1,2}|\d{10,11}"),),
        validator=v.ndc,
        keywords=kw.NATIONAL_DRUG_CODE_US,
        keyword_required=True,
        description="NDC 4-4-2, 5-3-2, 5-4-1 and the 11-digit 5-4-2 billing form.",
    ),
    _spec(
        "NationalProviderId-US",
        "Health",
        patterns=(_num(r"[12]\d{9}"),),
        validator=_npi,
        keywords=("npi", "national provider identifier", "national provider id", "provider id"),
        keyword_required=True,
        description="10-digit NPI with the CMS Luhn check over prefix 80840.",
    ),
    _spec(
        "NhsNumber-GB",
        "Health",
        patterns=(_num(_grouped((r"\d{3}", r"\d{3}", r"\d{4}"))),),
        validator=v.nhs_mod11,
        keywords=kw.NHS_NUMBER,
        keyword_required=True,
        presidio_entity="UK_NHS",
        description=(
            "10 digits with the NHS mod-11 check. Keyword-gated here: one 10-digit number in 11 "
            "passes the check, epoch seconds included."
        ),
    ),
    _spec(
        "PersonalHealthNumber-CA",
        "Health",
        patterns=(
            _tok(r"\d{4}[ \-]?\d{3}[ \-]?\d{3}(?:[ \-]?[A-Z]{2})?|[A-Z]{4} ?\d{4} ?\d{4}|\d{9}"),
        ),
        validator=v.not_repeated_digit,
        keywords=(*kw.PERSONAL_HEALTH_NUMBER_CA, "personal health number", "health number"),
        keyword_required=True,
        description=(
            "Provincial layouts: 10 digits (+ ON version code), QC RAMQ (4 letters, 8 digits), "
            "9 digits (AB, SK, MB...). AWS requires a keyword."
        ),
    ),
]

# --- Personal --------------------------------------------------------------------------------

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"


_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _plausible_birth_date(text: str) -> bool:
    """Some reading of the date is a real calendar date between 1900 and 2099."""
    nums = [int(n) for n in re.findall(r"\d+", text)]
    month_names = _MONTH_NAMES
    low = text.lower()
    month_word = next((i + 1 for i, m in enumerate(month_names) if m in low), None)
    candidates: list[tuple[int, int, int]] = []
    if month_word is not None and len(nums) == 2:
        day, year = (nums[0], nums[1]) if nums[0] <= 31 else (nums[1], nums[0])
        candidates.append((year, month_word, day))
    elif len(nums) == 3:
        a, b, c = nums
        if a > 31:  # Y-M-D
            candidates.append((a, b, c))
        else:
            year = c + 1900 if c < 100 and c >= 30 else (c + 2000 if c < 100 else c)
            candidates += [(year, b, a), (year, a, b)]
    for y, m, d in candidates:
        try:
            datetime.date(y, m, d)
        except ValueError:
            continue
        if 1900 <= y <= 2099:
            return True
    return False


def _shape_validator(
    checks: tuple[tuple[str, Callable[[str], bool]], ...],
) -> Callable[[str], bool]:
    """A validator that picks the check by the span's shape: the first ``(regex, check)``
    whose regex fully matches runs; other shapes only need more than one distinct digit.
    Keeps multi-format identifiers (a licence number or the holder's personal number) data."""

    def _check(text: str) -> bool:
        for shape, check in checks:
            if re.fullmatch(shape, text):
                return check(text)
        return v.not_repeated_digit(text)

    return _check


# DriversLicense-XX formats (AWS documents none): the layouts issuers print, as Microsoft
# Purview's sensitive information type pages list them, plus the holder's personal number
# where the EU card prints it in field 4d (SE, FI, DK, EE, LT, PL, RO, BG, HR, NL) with that
# number's checksum. (pattern body, shape checks, description)
_DL_FORMATS: dict[str, tuple[str, tuple[tuple[str, Callable[[str], bool]], ...], str]] = {
    "AT": (r"\d{8}", (), "8 digits."),
    "AU": (
        r"[A-Z]{1,2}\d{4,9}|\d{2}[A-Z]{2}\d{5}|\d{4}[A-Z]{2}|\d{6,10}",
        (),
        "State layouts: 6-10 digits, 1-2 letters and 4-9 digits, 2 digits 2 letters 5 digits.",
    ),
    "BE": (r"\d{10}", (), "10 digits."),
    "BG": (r"\d{9,10}", ((r"\d{10}", v.bg_egn),), "9 digits, or the holder's EGN (checked)."),
    "CA": (
        r"[A-Z]\d{4}-?\d{5}-?\d{5}|[A-Z]\d{12}|[A-Z]{1,2}-?\d{5,8}|\d{6}-\d{3}|\d{5,9}",
        (),
        "Provincial layouts (ON letter+14, QC letter+12, BC/AB/MB digits, letter prefixes).",
    ),
    "CY": (r"\d{12}", (), "12 digits."),
    "CZ": (r"[A-Z]{2} ?\d{6}", (), "2 letters and 6 digits."),
    "DE": (r"[A-Z0-9]\d{2}[A-Z0-9]{6}\d[A-Z0-9]", (), "11 characters (Purview layout)."),
    "DK": (
        r"\d{8}|\d{6}-?\d{4}",
        ((r"\d{6}-?\d{4}", v.dk_cpr),),
        "8 digits, or the holder's CPR number (date checked).",
    ),
    "EE": (
        r"[A-Z]{2}\d{6}|[1-6]\d{10}",
        ((r"\d{11}", v.baltic_personal_code),),
        "2 letters and 6 digits, or the isikukood (checked).",
    ),
    "ES": (r"\d{8}-?[A-Z]", ((r".*", v.dni_es),), "DNI number with its control letter."),
    "FI": (
        r"\d{6}[+\-A-FU-Y]\d{3}[0-9A-Y]",
        ((r".*", v.fi_hetu),),
        "The henkilötunnus with its check character.",
    ),
    "FR": (r"\d{12}|\d{2}[A-Z]{2}\d{5}", (), "12 digits, or the 2013 layout 99AA99999."),
    "GR": (r"\d{9}", (), "9 digits."),
    "HR": (r"\d{8}|\d{11}", ((r"\d{11}", v.hr_oib),), "8 digits, or the holder's OIB (checked)."),
    "HU": (r"[A-Z]{2}\d{6}", (), "2 letters and 6 digits."),
    "IE": (r"\d{6}[A-Z]{4}|\d{3}-?\d{3}-?\d{3}", (), "6 digits and 4 letters, or 9 digits."),
    "IT": (r"[A-Z][A-Z0-9]\d{7}[A-Z]", (), "Letter, letter or digit, 7 digits, letter."),
    "LT": (
        r"\d{8}|[1-6]\d{10}",
        ((r"\d{11}", v.baltic_personal_code),),
        "8 digits, or the asmens kodas (checked).",
    ),
    "LU": (r"\d{6}", (), "6 digits."),
    "LV": (r"[A-Z]{3}\d{6}", (), "3 letters and 6 digits."),
    "MT": (
        r"[A-Z0-9]{2} ?\d{3} ?\d{3}|\d{7}[MGAPLHBZ]",
        (),
        "2 characters and 6 digits, or the identity card number (7 digits and a letter).",
    ),
    "NL": (r"\d{9,10}", ((r"\d{9}", v.nl_bsn),), "10 digits, or the holder's BSN (11-test)."),
    "PL": (
        r"\d{5}/\d{2}/\d{4}(?:\d{3})?|\d{11}",
        ((r"\d{11}", v.pl_pesel),),
        "99999/99/9999(999), or the holder's PESEL (checked).",
    ),
    "PT": (
        r"[A-Z]{1,2}-?\d{5,8} ?\d",
        (),
        "1-2 letters, hyphen, 5-8 digits, space, check digit (Purview layouts).",
    ),
    "RO": (
        r"[A-Z0-9]\d{8}|[1-9]\d{12}",
        ((r"\d{13}", v.ro_cnp),),
        "A character and 8 digits, or the holder's CNP (checked).",
    ),
    "SE": (
        r"(?:19|20)?\d{6}[\-+]?\d{4}",
        ((r".*", v.se_personnummer),),
        "The personnummer ((YY)YYMMDD-NNNN) with its Luhn check digit.",
    ),
    "SI": (r"\d{9}", (), "9 digits."),
    "SK": (r"[A-Z0-9]\d{7}", (), "A character and 7 digits."),
}


def _dl(cc: str) -> IdentifierSpec:
    if cc == "US":
        return _spec(
            "DriversLicense-US",
            "Personal",
            patterns=(
                _tok(
                    r"[A-Z]{1,3}\d{4,14}|\d{7,13}|[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d"
                    r"|[A-Z]\d{2}-\d{3}-\d{3}|[A-Z]\d{3}-\d{4}-\d{4}"
                ),
            ),
            validator=v.us_drivers_license,
            keywords=kw.DRIVERS_LICENSE["US"],
            keyword_required=True,
            presidio_entity="US_DRIVER_LICENSE",
            score=0.75,
            description="Union of state layouts (letter prefixes, 7-13 digits, FL/WI dashes).",
        )
    if cc == "GB":
        return _spec(
            "DriversLicense-GB",
            "Personal",
            patterns=(
                _tok(
                    r"[A-Z9]{5}\d[0156]\d(?:[0][1-9]|[12]\d|3[01])\d[A-Z9]{2}\d[A-Z]{2}(?: ?\d{2})?"
                ),
            ),
            keywords=kw.DRIVERS_LICENSE["GB"],
            keyword_required=True,
            description="DVLA 16-character licence number (surname, birth date, initials).",
        )
    body, checks, note = _DL_FORMATS[cc]
    return _spec(
        f"DriversLicense-{cc}",
        "Personal",
        patterns=(_tok(body),),
        validator=_shape_validator(checks),
        keywords=kw.DRIVERS_LICENSE[cc],
        keyword_required=True,
        score=0.75,
        description=note + " AWS requires a keyword (its per-country list).",
    )


def _passport(cc: str, body: str | None) -> IdentifierSpec:
    return _spec(
        f"PassportNumber-{cc}",
        "Personal",
        patterns=(_tok(body),) if body else (),
        validator=v.not_repeated_digit if body else None,
        keywords=kw.PASSPORT[cc],
        keyword_required=True,
        presidio_entity="US_PASSPORT" if cc == "US" else None,
        score=0.75,
    )


def _phone(cc: str) -> IdentifierSpec:
    return _spec(
        f"PhoneNumber-{cc}",
        "Personal",
        finder=phones.international_finder((cc,)),
        keyword_patterns=(phones.NATIONAL_PATTERNS[cc],),
        validator=phones.national_validator(cc),
        validator_costly=True,
        keywords=kw.PHONE,
        prefilter=phones.PHONE_PREFILTER,
        finder_prefilter=phones.INTERNATIONAL_PREFILTER,
        presidio_entity="PHONE_NUMBER",
        score=phones.NATIONAL_SCORE,
        description=(
            f"+{cc} numbers anywhere (libphonenumber, leniency VALID); national-format numbers "
            "only with a phone keyword in the text or the JSON path."
        ),
    )


def _elector_number(text: str) -> bool:
    """The elector number part is not zero."""
    ds = v.digits(text)
    return bool(ds) and int(ds) != 0


def _nss_es(text: str) -> bool:
    """Spanish social security number: 12 digits, last two = first ten mod 97."""
    ds = v.digits(text)
    return len(ds) == 12 and int(ds[:10]) % 97 == int(ds[10:]) and len(set(ds)) > 1


def _default_ner() -> names.NerFn | None:
    """Name/Address NER with the process default model (a Guard binds the policy's)."""
    from dataguard.scan import nlp

    return nlp.get_ner()


_NIF_BODY = r"\d{8}-?[A-Z]|[XYZ]-?\d{7}-?[A-Z]|[ABCDEFGHJNPQRSUVW]-?\d{7}-?[0-9A-J]"

_PERSONAL = [
    _spec(
        "Address",
        "Personal",
        context_finder=addresses.make_finder(_default_ner, names.is_free_text),
        prefilter=addresses.PREFILTER,
        presidio_entity="LOCATION",
        unicode=True,
        score=0.8,
        description=(
            "Street addresses: address fields by shape, AU/CA/FR/DE/IT/ES/UK/US street patterns "
            "in text, spaCy NER on free text when a model is installed (scan/nlp.py)."
        ),
    ),
    _spec(
        "CepCode-BR",
        "Personal",
        patterns=(_num(r"\d{5}-?\d{3}"),),
        validator=v.cep_br,
        keywords=kw.CEP_CODE,
        keyword_required=True,
        unicode=True,
    ),
    _spec(
        "Cnpj-BR",
        "Personal",
        patterns=(_num(r"\d{2}\.?\d{3}\.?\d{3}/?\d{4}-?\d{2}"),),
        validator=v.cnpj_br,
        keywords=kw.CNPJ,
        keyword_required=True,
        unicode=True,
    ),
    _spec(
        "CpfCode-BR",
        "Personal",
        patterns=(_num(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}"),),
        validator=v.cpf_br,
        keywords=kw.CPF_CODE,
        keyword_required=True,
        unicode=True,
    ),
    _spec(
        "DateOfBirth",
        "Personal",
        patterns=(
            r"(?<![\w/.\-])(?P<v>(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?!\d)",
            r"(?<![\w/.\-])(?P<v>"
            + _grouped((r"\d{1,2}", r"\d{1,2}", r"(?:19|20)?\d{2}"), ("/", ".", "-"))
            + r")(?![\w/\-]|\.\d)",
            r"(?<![\w])(?P<v>\d{1,2}(?:st|nd|rd|th)? " + _MONTHS + r",? (?:19|20)\d{2})(?!\d)",
            r"(?<![\w])(?P<v>" + _MONTHS + r" \d{1,2}(?:st|nd|rd|th)?,? (?:19|20)\d{2})(?!\d)",
        ),
        validator=_plausible_birth_date,
        keywords=kw.DATE_OF_BIRTH,
        keyword_required=True,
        presidio_entity="DATE_TIME",
        description="Numeric and month-name dates next to a birth keyword.",
    ),
    *(_dl(cc) for cc in DRIVERS_LICENSE_COUNTRIES),
    _spec(
        "ElectoralRollNumber-GB",
        "Personal",
        patterns=(_tok(r"[A-Z]{2,3}[\-/ ]?\d{1,5}"),),
        validator=_elector_number,
        keywords=kw.ELECTORAL_ROLL_NUMBER,
        keyword_required=True,
        score=0.7,
        description="Polling district letters and elector number (AB123, ABC-1234).",
    ),
    _spec("EmailAddress", "Personal", patterns=(), presidio_entity="EMAIL_ADDRESS"),  # below
    _spec(
        "IndividualTaxIdentificationNumber-US",
        "Personal",
        patterns=(_num(_grouped((r"9\d{2}", r"\d{2}", r"\d{4}"))),),
        validator=v.itin_rules,
        keywords=kw.INDIVIDUAL_TAX_ID_US,
        keyword_required=True,
        presidio_entity="US_ITIN",
        description="9XX-[5-9]X-XXXX in the IRS group ranges; AWS requires a keyword.",
    ),
    _spec(
        "InseeCode-FR",
        "Personal",
        patterns=(_tok(_NIR),),
        validator=v.fr_nir,
        keywords=(*kw.NATIONAL_ID["FR"], "numéro insee", "numéro de sécurité sociale", "nir"),
        keyword_required=True,
        unicode=True,
        description="NIR: sex, birth year and month, department, commune, order, mod-97 key.",
    ),
    _spec(
        "LatLong",
        "Personal",
        patterns=(
            r"(?<![\w.\-])(?P<v>[-+]?\d{1,2}\.\d{4,15}, ?[-+]?\d{1,3}\.\d{4,15})(?![\w]|\.\d)",
        ),
        validator=v.lat_long,
        keywords=kw.LAT_LONG,
        prefilter=r"\d\.\d{4}",
        score=0.7,
        description="Decimal latitude,longitude pairs with 4+ decimals, ranges checked.",
    ),
    _spec(
        "Name",
        "Personal",
        context_finder=names.make_finder(_default_ner),
        prefilter=names.PREFILTER,
        presidio_entity="PERSON",
        unicode=True,
        score=0.85,
        description=(
            "Full names: name fields by shape, sign-off/honorific/introduction cues in text, "
            "spaCy NER on free text when a model is installed (scan/nlp.py)."
        ),
    ),
    _spec(
        "NationalIdentificationNumber-DE",
        "Personal",
        patterns=(_tok(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d?"),),
        validator=v.de_id_card,
        keywords=kw.NATIONAL_ID["DE"],
        keyword_required=True,
        description=(
            "Personalausweis serial (9 characters of the restricted alphabet), optionally with "
            "its 7-3-1 check digit."
        ),
    ),
    _spec(
        "NationalIdentificationNumber-ES",
        "Personal",
        patterns=(_tok(r"\d{8}-?[A-Z]"),),
        validator=v.dni_es,
        keywords=kw.NATIONAL_ID["ES"],
        keyword_required=True,
        presidio_entity="ES_NIF",
        unicode=True,
        description="DNI with its mod-23 control letter.",
    ),
    _spec(
        "NationalIdentificationNumber-IT",
        "Personal",
        patterns=(
            _tok(
                r"[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z]"
                r"[0-9LMNPQRSTUV]{3}[A-Z]"
            ),
        ),
        validator=v.codice_fiscale_it,
        keywords=kw.NATIONAL_ID["IT"],
        keyword_required=True,
        presidio_entity="IT_FISCAL_CODE",
        description="Codice fiscale with its check letter.",
    ),
    _spec(
        "NationalInsuranceNumber-GB",
        "Personal",
        patterns=(_tok(r"[A-Z]{2} ?\d{2} ?\d{2} ?\d{2}(?: ?[A-D])?"),),
        validator=v.nino_gb,
        keywords=kw.NATIONAL_INSURANCE_GB,
        keyword_required=True,
        description="HMRC prefix rules, six digits, optional A-D suffix.",
    ),
    _spec(
        "NieNumber-ES",
        "Personal",
        patterns=(_tok(r"[XYZ]-?\d{7}-?[A-Z]"),),
        validator=v.nie_es,
        keywords=kw.NIE_ES,
        keyword_required=True,
        presidio_entity="ES_NIE",
        unicode=True,
    ),
    _spec(
        "NifNumber-ES",
        "Personal",
        patterns=(_tok(_NIF_BODY),),
        validator=v.nif_es,
        keywords=kw.NIF_ES,
        keyword_required=True,
        presidio_entity="ES_NIF",
        unicode=True,
    ),
    _passport("CA", r"[A-Z]{2}\d{6}"),
    _passport("DE", r"[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}"),
    _passport("ES", r"[A-Z]{3}\d{6}|[A-Z]{2}\d{6}[A-Z]?"),
    _passport("FR", r"\d{2}[A-Z]{2}\d{5}"),
    _passport("GB", r"\d{9}|[A-Z]{2}\d{7}"),
    _passport("IT", r"[A-Z]{2}\d{7}"),
    _passport("US", r"[A-Z]\d{8}|\d{9}"),
    _spec(
        "PermanentResidenceNumber-CA",
        "Personal",
        patterns=(_tok(r"\d{4}-?\d{4}|\d{2}-?\d{4}-?\d{4}|[A-Z]{2}\d{7,10}"),),
        validator=v.not_repeated_digit,
        keywords=(*kw.PERMANENT_RESIDENCE_CA, "permanent resident", "pr card", "uci"),
        keyword_required=True,
        description="UCI (8 or 10 digits) or PR card number (2 letters, 7-10 digits).",
    ),
    _spec(
        "PhoneNumber",
        "Personal",
        finder=phones.international_finder(None),
        keyword_patterns=(phones.NATIONAL_ANY_PATTERN,),
        validator=phones.any_region_validator,
        validator_costly=True,
        keywords=kw.PHONE,
        prefilter=phones.PHONE_PREFILTER,
        finder_prefilter=phones.INTERNATIONAL_PREFILTER,
        presidio_entity="PHONE_NUMBER",
        countries=phones.PHONE_REGIONS,
        score=phones.NATIONAL_SCORE,
        description=(
            "Any number with a + country code; national formats of BR DE ES FR GB IT US only "
            "with a phone keyword. Region-less form kept for policies written against the "
            "early SNS catalogue; prefer PhoneNumber-XX."
        ),
    ),
    *(_phone(cc) for cc in phones.PHONE_REGIONS),
    _spec(
        "PostalCode-CA",
        "Personal",
        patterns=(_tok(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d"),),
        keywords=("postal code", "postcode", "code postal", "zip"),
        keyword_required=True,
        description="Canada Post layout A1A 1A1 (letters D F I O Q U never used).",
    ),
    _spec(
        "RgNumber-BR",
        "Personal",
        patterns=(_tok(r"\d{1,2}\.?\d{3}\.?\d{3}-?[0-9X]"),),
        validator=v.not_repeated_digit,
        keywords=(*kw.NATIONAL_ID["BR"], "carteira de identidade"),
        keyword_required=True,
        description="Registro Geral as states print it (99.999.999-X); no national checksum.",
    ),
    _spec(
        "SocialInsuranceNumber-CA",
        "Personal",
        patterns=(_num(_grouped((r"\d{3}", r"\d{3}", r"\d{3}"))),),
        validator=v.sin_ca,
        keywords=kw.SOCIAL_INSURANCE_CA,
        keyword_required=True,
        description="9-digit SIN, Luhn-valid, first digit not 0 or 8.",
    ),
    _spec(
        "Ssn-ES",
        "Personal",
        patterns=(_num(_grouped((r"\d{2}", r"\d{8}", r"\d{2}"), (" ", "/", "-", ""))),),
        validator=_nss_es,
        keywords=kw.SSN["ES"],
        keyword_required=True,
        unicode=True,
        description="Número de la Seguridad Social: 12 digits with the mod-97 control pair.",
    ),
    _spec(
        "Ssn-US",
        "Personal",
        patterns=(
            _num(r"\d{3}-\d{2}-\d{4}"),
            _num(r"\d{3} \d{2} \d{4}"),
            _num(r"\d{9}"),
        ),
        validator=v.ssn_rules,
        keywords=kw.SSN["US"],
        keyword_required=True,
        presidio_entity="US_SSN",
        score=0.9,
        description=(
            "SSA rules (area 001-899 but 666, group 01-99, serial 0001-9999), dashed, spaced or "
            "plain; AWS requires a keyword for every form."
        ),
    ),
    _spec(
        "TaxId-DE",
        "Personal",
        patterns=(_num(_grouped((r"\d{2}", r"\d{3}", r"\d{3}", r"\d{3}"), (" ", ""))),),
        validator=v.de_tax_id,
        keywords=(*kw.TAX_ID["DE"], "steuer-idnr", "tin"),
        keyword_required=True,
        description="Steuer-IdNr: 11 digits, digit-repetition rule, ISO 7064 MOD 11,10.",
    ),
    _spec(
        "TaxId-ES",
        "Personal",
        patterns=(_tok(_NIF_BODY),),
        validator=v.nif_es,
        keywords=kw.TAX_ID_ES,
        keyword_required=True,
        unicode=True,
        description="NIF (DNI, NIE or CIF) with control character.",
    ),
    _spec(
        "TaxId-FR",
        "Personal",
        patterns=(_num(_grouped((r"[0-3]\d", r"\d{2}", r"\d{3}", r"\d{3}", r"\d{3}"), (" ", ""))),),
        validator=v.fr_tax_id,
        keywords=(*kw.TAX_ID["FR"], "numéro fiscal", "numero fiscal", "spi", "nif"),
        keyword_required=True,
        unicode=True,
        description="Numéro fiscal (SPI): 13 digits, first 0-3, key = first ten mod 511.",
    ),
    _spec(
        "TaxId-GB",
        "Personal",
        patterns=(_tok(r"K?\d{5} ?\d{5}K?"), _tok(r"\d{2} ?[A-Z]\d ?\d{2} ?\d{2}")),
        validator=_shape_validator(((r"K?\d{5} ?\d{5}K?", v.gb_utr),)),
        keywords=kw.TAX_ID["GB"],
        keyword_required=True,
        description="UTR (10 digits, HMRC mod-11 check digit first) or TRN (99A99999).",
    ),
    _spec(
        "VehicleIdentificationNumber",
        "Personal",
        patterns=(_tok(r"[A-HJ-NPR-Z0-9]{17}"),),
        validator=v.vin,
        prefilter=r"[A-HJ-NPR-Z0-9]{17}",
        score=0.8,
        description=(
            "17 characters without I O Q. Check digit required for North American WMIs (1-5), "
            "where it is mandatory; elsewhere structure (model-year code, serial digits)."
        ),
    ),
    _spec(
        "ZipCode-US",
        "Personal",
        patterns=(_num(r"\d{5}(?:-\d{4})?"),),
        validator=v.us_zip,
        keywords=kw.ZIP_CODE_US,
        keyword_required=True,
        score=0.6,
    ),
]

_EMAIL = _spec(
    "EmailAddress",
    "Personal",
    patterns=(
        r"(?<![\w.%+\-])(?P<v>[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]{1,63}"
        r"(?:\.[A-Za-z0-9\-]{1,63}){0,8}\.[A-Za-z]{2,24})(?![\w\-]|\.\w)",
    ),
    validator=v.email_domain,
    prefilter=r"@",
    anchor="@",
    presidio_entity="EMAIL_ADDRESS",
    score=0.95,
    description="RFC 5322 dot-atom addresses with an alphabetic TLD; no keyword.",
)
_PERSONAL = [_EMAIL if s.name == "EmailAddress" else s for s in _PERSONAL]

_ALL = [*_CREDENTIALS, *_DEVICES, *_FINANCIAL, *_HEALTH, *_PERSONAL]

MANAGED: MappingProxyType[str, IdentifierSpec] = MappingProxyType(
    {s.name: s for s in sorted(_ALL, key=lambda s: s.name)}
)
if len(MANAGED) != len(_ALL):  # pragma: no cover - guards edits of this file
    raise RuntimeError("duplicate managed identifier name in catalogue")

_ARN_RE = re.compile(r"^arn:aws[a-z\-]*:dataprotection::aws:data-identifier/(?P<n>.+)$")


def _name(name_or_arn: str) -> str:
    m = _ARN_RE.match(name_or_arn)
    return m.group("n") if m else name_or_arn


def is_managed(name: str) -> bool:
    """True for a managed identifier name or its ARN (any partition); case-sensitive as SNS."""
    return _name(name) in MANAGED


def get(name: str) -> IdentifierSpec:
    """The spec for a managed identifier name or ARN; KeyError when SNS has no such name."""
    try:
        return MANAGED[_name(name)]
    except KeyError:
        raise KeyError(f"not a managed data identifier: {name!r}") from None


def managed_names() -> tuple[str, ...]:
    """Every managed identifier name, sorted."""
    return tuple(MANAGED)


def detectable_names() -> tuple[str, ...]:
    """Managed identifiers that have a detector in this version."""
    return tuple(n for n, s in MANAGED.items() if s.detectable)


__all__ = ["MANAGED", "detectable_names", "get", "is_managed", "managed_names"]
