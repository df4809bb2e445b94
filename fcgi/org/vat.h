/* EU VAT identification numbers and Swiss UIDs: format and check digits, offline. Pure C,
 * no allocation, so the form validator and kontorctl can share it. */
#ifndef KONTOR_VAT_H
#define KONTOR_VAT_H

#define VAT_MAX 16 /* longest normalised number, prefix included */

enum vat_problem {
	VAT_OK,
	VAT_EMPTY,    /* nothing entered */
	VAT_NOT_EU,   /* the organization's country has no EU VAT number (e.g. US) */
	VAT_SWISS,    /* the organization is Swiss: EU VAT does not apply, use the UID field */
	VAT_PREFIX,   /* the number's country prefix is not the organization's country's */
	VAT_FORMAT,   /* wrong characters or length for that country */
	VAT_CHECKSUM, /* the check digit(s) do not match */
};

/* The VAT prefix of an organization's country (ISO 3166-1 alpha-2, upper case): "EL" for GR,
 * "XI" for GB (only Northern Ireland numbers are EU VAT numbers now), the code itself for the
 * other 26 member states, NULL for any other country. */
const char *vat_prefix(const char *country);

/* Checks input (as typed: any case, spaces, dots, dashes allowed; the prefix optional) for an
 * organization in country. On VAT_OK, out holds the normalised number: prefix + number, upper
 * case, no separators (e.g. "DE136695976"). out is always NUL-terminated. */
enum vat_problem vat_check(const char *country, const char *input, char out[VAT_MAX + 1])
	__attribute__((warn_unused_result));

/* Swiss UID (CHE-123.456.789, optionally followed by MWST, TVA, IVA or VAT): 9 digits with the
 * mod-11 check digit (weights 5 4 3 2 7 6 5 4). out on success: "CHE-123.456.789" plus " MWST"
 * etc. when a suffix was given. Returns VAT_OK, VAT_EMPTY, VAT_FORMAT or VAT_CHECKSUM. */
enum vat_problem vat_uid_check(const char *input, char out[VAT_MAX + 8])
	__attribute__((warn_unused_result));

/* The message catalogue key of a problem: "vat.empty", "vat.not_eu", "vat.swiss",
 * "vat.prefix", "vat.format", "vat.checksum" (NULL for VAT_OK). */
const char *vat_problem_key(enum vat_problem p);
#endif
