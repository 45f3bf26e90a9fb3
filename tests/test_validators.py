"""Checksum and range validators: each accepts known-good values and rejects near misses."""

from __future__ import annotations

import pytest

from dataguard.identifiers import validators as v


@pytest.mark.parametrize("number,ok", [("79927398713", True), ("79927398710", False), ("", False)])
def test_luhn(number: str, ok: bool) -> None:
    """Luhn accepts the textbook example and rejects a changed check digit or no digits."""
    assert v.luhn(number) is ok


@pytest.mark.parametrize(
    "number,issuer",
    [
        ("4539148803436467", "visa"),
        ("5425233430109903", "mastercard"),
        ("2221001234567896", "mastercard"),
        ("379929345612322", "amex"),
        ("6011987654321019", "discover"),
        ("3569987654321012", "jcb"),
        ("36123456789013", "diners"),
        ("6200001234567892", "unionpay"),
        ("6759123456789015", "maestro"),
        ("9539148803436460", None),
    ],
)
def test_card_issuer(number: str, issuer: str | None) -> None:
    """Issuer prefix and length tables recognise each network and nothing else."""
    assert v.card_issuer(number) == issuer


@pytest.mark.parametrize(
    "number", ["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"]
)
def test_credit_card_rejects_published_test_numbers(number: str) -> None:
    """Issuers' public test numbers are never reported (AWS documents the same)."""
    assert v.luhn(number) and not v.credit_card_number(number)


def test_aws_test_numbers_include_documented_prefix() -> None:
    """The AWS list starts as the SNS financial page prints it."""
    assert {"122000000000003", "2222405343248877", "36148900647913"} <= v.AWS_TEST_CARD_NUMBERS


@pytest.mark.parametrize("text,ok", [("4539 1488 0343 6467", True), ("4539148803436468", False)])
def test_credit_card_number(text: str, ok: bool) -> None:
    """Separators are ignored; the Luhn digit must be right."""
    assert v.credit_card_number(text) is ok


@pytest.mark.parametrize(
    "iban,ok",
    [
        ("DE89370400440532013000", True),
        ("DE89 3704 0044 0532 0130 00", True),
        ("GB82WEST12345698765432", True),
        ("FR1420041010050500013M02606", True),
        ("ES9121000418450200051332", True),
        ("IT60X0542811101000000123456", True),
        ("DE89370400440532013001", False),
        ("DE8937040044053201300", False),
        ("XX89370400440532013000", False),
    ],
)
def test_iban_mod97(iban: str, ok: bool) -> None:
    """Country length and mod-97 remainder 1; unknown countries fail."""
    assert v.iban_mod97(iban) is ok


def test_iban_for_restricts_country() -> None:
    """BankAccountNumber-FR does not take a German IBAN."""
    assert not v.iban_for("FR")("DE89370400440532013000")


@pytest.mark.parametrize(
    "vin,ok",
    [
        ("1HGCM82633A004352", True),
        ("JH4KA7561PC008269", True),
        ("WVWZZZ1JZXW000001", True),
        ("1HGCM82633A004353", False),
        ("11111111111111111", False),
        ("0123456789ABCDEF0", False),
    ],
)
def test_vin(vin: str, ok: bool) -> None:
    """Check digit in North America; structure elsewhere; digits- or hex-only tokens fail."""
    assert v.vin(vin) is ok


def test_vin_check_digit_x() -> None:
    """A remainder of 10 is written X."""
    assert v.vin_check_digit("1M8GDM9AXKP042788")


@pytest.mark.parametrize(
    "nhs,ok",
    [("9434765919", True), ("943 476 5919", True), ("9434765918", False), ("1111111111", False)],
)
def test_nhs_mod11(nhs: str, ok: bool) -> None:
    """NHS mod-11 with separators ignored; repeated digits rejected."""
    assert v.nhs_mod11(nhs) is ok


@pytest.mark.parametrize(
    "ssn,ok",
    [
        ("536-90-4399", True),
        ("000-12-3456", False),
        ("666-12-3456", False),
        ("900-12-3456", False),
        ("536-00-4399", False),
        ("536-90-0000", False),
        ("078-05-1120", False),
    ],
)
def test_ssn_rules(ssn: str, ok: bool) -> None:
    """SSA area/group/serial rules and the voided advertising number."""
    assert v.ssn_rules(ssn) is ok


@pytest.mark.parametrize(
    "itin,ok",
    [
        ("912-70-1234", True),
        ("999-99-1234", True),
        ("912-40-1234", False),
        ("812-70-1234", False),
        ("912-93-1234", False),
    ],
)
def test_itin_rules(itin: str, ok: bool) -> None:
    """ITINs start with 9 and use the IRS group ranges (93 is not one)."""
    assert v.itin_rules(itin) is ok


@pytest.mark.parametrize(
    "nino,ok",
    [
        ("AB123456C", True),
        ("AB 12 34 56 C", True),
        ("AB123456", True),
        ("QQ123456C", False),
        ("AO123456C", False),
        ("GB123456A", False),
        ("AB123456E", False),
    ],
)
def test_nino_gb(nino: str, ok: bool) -> None:
    """HMRC prefix exclusions and A-D suffix."""
    assert v.nino_gb(nino) is ok


@pytest.mark.parametrize(
    "cpf,ok",
    [
        ("529.982.247-25", True),
        ("52998224725", True),
        ("529.982.247-26", False),
        ("111.111.111-11", False),
    ],
)
def test_cpf_br(cpf: str, ok: bool) -> None:
    """Both CPF check digits must match; repeated digits are invalid."""
    assert v.cpf_br(cpf) is ok


@pytest.mark.parametrize(
    "cnpj,ok",
    [("11.222.333/0001-81", True), ("11.222.333/0001-82", False), ("00000000000000", False)],
)
def test_cnpj_br(cnpj: str, ok: bool) -> None:
    """Both CNPJ check digits must match."""
    assert v.cnpj_br(cnpj) is ok


@pytest.mark.parametrize(
    "func,value,ok",
    [
        (v.dni_es, "12345678Z", True),
        (v.dni_es, "12345678A", False),
        (v.nie_es, "X1234567L", True),
        (v.nie_es, "X1234567A", False),
        (v.cif_es, "B12345674", True),
        (v.cif_es, "B12345675", False),
        (v.nif_es, "Y1234567X", True),
    ],
)
def test_spanish_ids(func: object, value: str, ok: bool) -> None:
    """DNI/NIE control letters and the CIF control character."""
    assert func(value) is ok  # type: ignore[operator]


@pytest.mark.parametrize(
    "cf,ok", [("RSSMRA85T10A562S", True), ("RSSMRA85T10A562T", False), ("RSSMRA85Z10A562S", False)]
)
def test_codice_fiscale_it(cf: str, ok: bool) -> None:
    """Layout (month letter) and check letter."""
    assert v.codice_fiscale_it(cf) is ok


@pytest.mark.parametrize(
    "sin,ok", [("130 712 458", True), ("130 712 459", False), ("046 454 286", False)]
)
def test_sin_ca(sin: str, ok: bool) -> None:
    """Luhn-valid, and 0 (sample numbers) is not an issued first digit."""
    assert v.sin_ca(sin) is ok


@pytest.mark.parametrize(
    "ip,ok",
    [
        ("192.168.0.1", True),
        ("256.1.1.1", False),
        ("2001:db8::1", True),
        ("::1", False),
        ("10:22:33", False),
        ("A::B", False),
    ],
)
def test_ip_address(ip: str, ok: bool) -> None:
    """v4 and v6 via ipaddress; short colon tokens are not addresses."""
    assert v.ip_address(ip) is ok


@pytest.mark.parametrize(
    "pair,ok",
    [
        ("51.5074, -0.1278", True),
        ("95.1, 10.1", False),
        ("10.1, 190.2", False),
        ("0.0, 0.0", False),
    ],
)
def test_lat_long(pair: str, ok: bool) -> None:
    """Latitude and longitude ranges; null island rejected."""
    assert v.lat_long(pair) is ok


@pytest.mark.parametrize(
    "key,ok",
    [
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True),
        ("da39a3ee5e6b4b0d3255bfef95601890afd80709", False),
        ("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ", False),
    ],
)
def test_aws_secret_key(key: str, ok: bool) -> None:
    """Random keys mix cases and digits; hex digests and words do not."""
    assert v.aws_secret_key(key) is ok


@pytest.mark.parametrize(
    "exp,ok",
    [("09/27", True), ("12/2029", True), ("2029-12", True), ("13/27", False), ("00/27", False)],
)
def test_card_expiration(exp: str, ok: bool) -> None:
    """Month must be 01-12 in either order."""
    assert v.card_expiration(exp) is ok


@pytest.mark.parametrize(
    "track,ok",
    [
        (";4539148803436467=29121010000012300000?", True),
        ("%B4539148803436467^DOE/JOHN^2912101000001230000000?", True),
        (";4539148803436468=29121010000012300000?", False),
    ],
)
def test_magnetic_stripe(track: str, ok: bool) -> None:
    """Track data counts only when its account number is a card number."""
    assert v.magnetic_stripe(track) is ok


@pytest.mark.parametrize("zip_,ok", [("94105", True), ("94105-1804", True), ("00000", False)])
def test_us_zip(zip_: str, ok: bool) -> None:
    """00000 is never assigned."""
    assert v.us_zip(zip_) is ok


@pytest.mark.parametrize(
    "acct,ok", [("000123456789", True), ("0000000000", False), ("1234567", False)]
)
def test_us_bank_account(acct: str, ok: bool) -> None:
    """8-17 digits, not a placeholder."""
    assert v.us_bank_account(acct) is ok


@pytest.mark.parametrize("text", ["", "x", "\u0663\u0663\u0663", "-" * 50])
def test_validators_never_raise(text: str) -> None:
    """Validators are total: odd input is a False, never an exception."""
    for name in v.__all__:
        func = getattr(v, name)
        if callable(func) and name not in {"iban_for", "digits", "card_issuer"}:
            assert func(text) in (True, False)


@pytest.mark.parametrize(
    "fn,good,bad",
    [
        ("de_tax_id", "86095742719", "86095742718"),
        ("hr_oib", "69435151530", "69435151531"),
        ("fr_nir", "1 85 05 78 006 084 91", "1 85 05 78 006 084 92"),
        ("fr_nir", "2 69 05 2A 123 456 88", "2 69 05 2A 123 456 89"),
        ("fr_tax_id", "3023217600053", "3023217600054"),
        ("gb_utr", "1955839661", "1955839662"),
        ("nl_bsn", "111222333", "111222334"),
        ("se_personnummer", "811228-9874", "811228-9873"),
        ("fi_hetu", "131052-308T", "131052-308U"),
        ("dk_cpr", "0707614285", "3213614285"),
        ("pl_pesel", "44051401359", "44051401358"),
        ("pt_nif", "123456789", "123456780"),
        ("ro_cnp", "1800101221144", "1800101221145"),
        ("bg_egn", "7523169263", "7523169264"),
        ("ie_pps", "1234567T", "1234567A"),
        ("ie_pps", "1234567FA", "1234567GA"),
        ("baltic_personal_code", "37605030299", "37605030298"),
        ("de_id_card", "L898902C36", "L898902C35"),
        ("ehic_card_number", "80276001234567890123", "80999001234567890123"),
        ("hicn", "536904399A", "666904399A"),
        ("ndc", "0002-7597-01", "0000-7597-01"),
    ],
)
def test_national_number_checksums(fn: str, good: str, bad: str) -> None:
    """Each European/health number validator accepts a valid value and rejects a near miss."""
    check = getattr(v, fn)
    assert check(good) is True
    assert check(bad) is False


def test_card_patterns_admit_every_issuer_prefix() -> None:
    """The card patterns start with [2-68]: every issuer's prefix must start with one of
    those digits, or its numbers would never reach the validator."""
    from dataguard.identifiers import validators

    firsts = {
        str(prefix)[0]
        for _, _, ranges in validators._CARD_ISSUERS
        for _, low, high in ranges
        for prefix in range(low, high + 1)
    }
    assert firsts <= set("234568")
