"""Keyword lists for managed identifiers.

Lists marked ``# AWS`` are copied from the SNS "Sensitive data types" tables (the same lists
appear in the CloudWatch Logs data protection reference). Lists marked ``# ours`` are where the
AWS page says "Yes, see Keywords for ..." and the per-country sub-table could not be checked
here; they hold the usual terms in the country's language and English. AWS matches keywords
case-insensitively and treats a space, ``_`` and ``-`` alike (and the space may be missing),
which the scanner applies to every list here.
"""

from __future__ import annotations

# --- Credentials -----------------------------------------------------------------------------
AWS_SECRET_KEY = (  # AWS
    "aws_secret_access_key",
    "credentials",
    "secret access key",
    "secret key",
    "set-awscredential",
)

# --- Financial -------------------------------------------------------------------------------
CREDIT_CARD_EXPIRATION = ("exp d", "exp m", "exp y", "expiration", "expiry")  # AWS

CREDIT_CARD_MAGNETIC_STRIPE = ("card data", "iso7813", "mag", "magstripe", "stripe", "swipe")  # AWS

CREDIT_CARD_NUMBER = (  # AWS
    "account number",
    "american express",
    "amex",
    "bank card",
    "card",
    "card num",
    "card number",
    "cc #",
    "ccn",
    "check card",
    "credit",
    "credit card#",
    "dankort",
    "debit",
    "debit card",
    "diners club",
    "discover",
    "electron",
    "elo verification code",
    "japanese card bureau",
    "jcb",
    "mastercard",
    "mc",
    "pan",
    "payment account number",
    "payment card number",
    "pcn",
    "union pay",
    "visa",
)

CREDIT_CARD_SECURITY_CODE = (  # AWS
    "card id",
    "card identification code",
    "card identification number",
    "card security code",
    "card validation code",
    "card validation number",
    "card verification data",
    "card verification value",
    "cvc",
    "cvc2",
    "cvv",
    "cvv2",
    "elo verification code",
)

_BANK_COMMON = ("iban", "bank account", "account number", "account no", "acct", "bic", "swift")
BANK_ACCOUNT = {  # ours
    "DE": (*_BANK_COMMON, "kontonummer", "bankverbindung", "bankkonto", "iban nummer"),
    "ES": (*_BANK_COMMON, "número de cuenta", "numero de cuenta", "cuenta bancaria", "ccc"),
    "FR": (*_BANK_COMMON, "numéro de compte", "numero de compte", "compte bancaire", "rib"),
    "GB": (*_BANK_COMMON, "sort code", "bank details", "account details"),
    "IT": (*_BANK_COMMON, "numero di conto", "conto corrente", "conto bancario", "codice iban"),
    "US": (
        "bank account",
        "account number",
        "account no",
        "acct",
        "acct no",
        "checking account",
        "savings account",
        "bank acct",
        "deposit account",
        "routing",
        "aba",
    ),
}

# --- Personal --------------------------------------------------------------------------------
DATE_OF_BIRTH = (
    "dob",
    "date of birth",
    "birthdate",
    "birth date",
    "birthday",
    "b-day",
    "bday",
)  # AWS

CEP_CODE = ("cep", "código de endereçamento postal", "codigo de endereçamento postal")  # AWS
CNPJ = (  # AWS
    "cadastro nacional da pessoa jurídica",
    "cadastro nacional da pessoa juridica",
    "cnpj",
)
CPF_CODE = (  # AWS
    "cadastro de pessoas fisicas",
    "cadastro de pessoas físicas",
    "cadastro de pessoa física",
    "cadastro de pessoa fisica",
    "cpf",
)

ELECTORAL_ROLL_NUMBER = (  # AWS
    "electoral#",
    "electoral #",
    "electoralnumber",
    "electoral number",
    "electoralroll#",
    "electoral roll#",
    "electoral roll #",
    "electoral roll no.",
    "electoral roll number",
    "electoralrollno",
)

INDIVIDUAL_TAX_ID_US = (  # ours
    "itin",
    "i.t.i.n.",
    "individual taxpayer identification number",
    "taxpayer identification number",
    "taxpayer id",
    "tax id",
    "tin",
)

SSN = {  # ours
    "US": ("ssn", "ssn#", "ss#", "ssns", "social security", "social security number", "ssa number"),
    "ES": (
        "número de la seguridad social",
        "numero de la seguridad social",
        "seguridad social",
        "nss",
        "naf",
        "social security number",
        "ssn",
    ),
}

ZIP_CODE_US = ("zip", "zip code", "zipcode", "zip+4", "postal code", "postcode")  # ours

_DL_COMMON = (
    "driver license",
    "driver licence",
    "driver's license",
    "driver's licence",
    "drivers license",
    "drivers licence",
    "driving license",
    "driving licence",
    "dl#",
    "dl #",
    "dl number",
    "license number",
    "licence number",
)
DRIVERS_LICENSE = {  # ours
    "US": (*_DL_COMMON, "dls", "lic#", "driver's lic", "drivers lic", "dmv"),
    "GB": (*_DL_COMMON, "dvla"),
    "DE": (*_DL_COMMON, "führerschein", "fuhrerschein", "führerscheinnummer", "führerschein nr"),
    "FR": (*_DL_COMMON, "permis de conduire", "numéro de permis", "numero de permis"),
    "ES": (*_DL_COMMON, "permiso de conducir", "carnet de conducir", "licencia de conducir"),
    "IT": (*_DL_COMMON, "patente di guida", "patente", "numero patente"),
}

_PASSPORT_COMMON = ("passport", "passport number", "passport no", "passport#", "passport #")
PASSPORT = {  # ours
    "US": (*_PASSPORT_COMMON, "us passport", "passport book", "passport card"),
    "GB": (*_PASSPORT_COMMON, "uk passport", "british passport"),
    "CA": (*_PASSPORT_COMMON, "passeport", "numéro de passeport", "canadian passport"),
    "DE": (*_PASSPORT_COMMON, "reisepass", "reisepassnummer", "passnummer", "pass-nr"),
    "FR": (*_PASSPORT_COMMON, "passeport", "numéro de passeport", "numero de passeport"),
    "ES": (*_PASSPORT_COMMON, "pasaporte", "número de pasaporte", "numero de pasaporte"),
    "IT": (*_PASSPORT_COMMON, "passaporto", "numero passaporto", "numero di passaporto"),
}

NATIONAL_ID = {  # ours
    "ES": ("dni", "documento nacional de identidad", "número de dni", "numero de dni", "nif"),
    "IT": ("codice fiscale", "cod. fiscale", "cf", "fiscal code", "tax code"),
    "DE": ("personalausweis", "ausweisnummer", "personalausweisnummer", "id number"),
}
NIE_ES = ("nie", "número de identidad de extranjero", "numero de identidad de extranjero")  # ours
NIF_ES = ("nif", "número de identificación fiscal", "numero de identificacion fiscal")  # ours
TAX_ID_ES = (*NIF_ES, "cif", "tax id", "tax identification number")  # ours

NATIONAL_INSURANCE_GB = (  # ours
    "national insurance",
    "national insurance number",
    "ni number",
    "nino",
    "nin",
    "insurance no.",
    "insurance number",
)

SOCIAL_INSURANCE_CA = (  # ours
    "sin",
    "social insurance number",
    "social insurance",
    "numéro d'assurance sociale",
    "nas",
)

NHS_NUMBER = (
    "nhs",
    "nhs number",
    "nhs no",
    "national health service",
    "health service number",
)  # ours

PHONE = (  # ours
    "phone",
    "telephone",
    "tel",
    "tel.",
    "mobile",
    "cell",
    "cellphone",
    "contact number",
    "phone number",
    "fax",
    "whatsapp",
    "telefon",
    "telefonnummer",
    "handy",
    "téléphone",
    "telephone portable",
    "portable",
    "teléfono",
    "telefono",
    "móvil",
    "movil",
    "cellulare",
    "celular",
    "fone",
)

LAT_LONG = ("lat", "latitude", "long", "longitude", "lng", "lon", "coordinates", "gps", "location")

__all__ = [
    "AWS_SECRET_KEY",
    "BANK_ACCOUNT",
    "CEP_CODE",
    "CNPJ",
    "CPF_CODE",
    "CREDIT_CARD_EXPIRATION",
    "CREDIT_CARD_MAGNETIC_STRIPE",
    "CREDIT_CARD_NUMBER",
    "CREDIT_CARD_SECURITY_CODE",
    "DATE_OF_BIRTH",
    "DRIVERS_LICENSE",
    "ELECTORAL_ROLL_NUMBER",
    "INDIVIDUAL_TAX_ID_US",
    "LAT_LONG",
    "NATIONAL_ID",
    "NATIONAL_INSURANCE_GB",
    "NHS_NUMBER",
    "NIE_ES",
    "NIF_ES",
    "PASSPORT",
    "PHONE",
    "SOCIAL_INSURANCE_CA",
    "SSN",
    "TAX_ID_ES",
    "ZIP_CODE_US",
]
