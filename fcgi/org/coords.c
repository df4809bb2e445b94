/*
 * The organization's coordinates: the checks beyond the field declarations (country, EU VAT
 * number by the member state's algorithm, Swiss UID) and saving them. The page and the API
 * both go through here, so a number refused in one is refused in the other.
 */
#include <string.h>

#include "org.h"
#include "vat.h"

/* ISO 3166-1 alpha-2, from Debian's iso-codes (scripts/countries.py writes the names into
 * the message catalogues from the same source). */
static const char *const countries[] = {
	"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
	"AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
	"BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
	"CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
	"DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
	"GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
	"GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
	"IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
	"KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
	"LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
	"MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
	"NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
	"PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
	"SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
	"SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
	"TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
	"VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
	NULL,
};

const char *const *org_country_codes(void)
{
	return countries;
}

bool org_country_known(const char *cc)
{
	if (cc == NULL || strlen(cc) != 2 || cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
		return false;
	/* Sorted: a binary search. */
	size_t lo = 0, hi = sizeof(countries) / sizeof(countries[0]) - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(countries[mid], cc);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static void problem(struct org_problem *out, size_t *n, const char *field, const char *key)
{
	if (*n < ORG_MAX_PROBLEMS)
		out[(*n)++] = (struct org_problem){field, key};
}

size_t org_coords_check(struct arena *a, struct org_coords *c, struct org_problem *out)
{
	size_t n = 0;
	if (!org_country_known(c->country)) {
		problem(out, &n, "country", "org.country_unknown");
		return n;  /* the numbers depend on the country */
	}
	if (c->vat_number != NULL && *c->vat_number) {
		char norm[VAT_MAX + 1];
		enum vat_problem p = vat_check(c->country, c->vat_number, norm);
		if (p == VAT_OK)
			c->vat_number = arena_strdup(a, norm);
		else
			problem(out, &n, "vat_number", vat_problem_key(p));
	} else {
		c->vat_number = "";
	}
	if (c->uid_number != NULL && *c->uid_number) {
		char norm[VAT_MAX + 8];
		enum vat_problem p = strcmp(c->country, "CH") != 0 ? VAT_NOT_EU
		                                                   : vat_uid_check(c->uid_number, norm);
		if (p == VAT_OK)
			c->uid_number = arena_strdup(a, norm);
		else
			problem(out, &n, "uid_number", p == VAT_NOT_EU ? "org.uid_not_swiss" : vat_problem_key(p));
	} else {
		c->uid_number = "";
	}
	return n;
}

int org_may_manage(struct db *db, struct arena *a, const struct org_actor *who, long long org)
{
	int role;
	if (who->user_id == 0)
		return 0;
	int rc = org_role_of(db, a, org, who->user_id, &role);
	if (rc != DB_OK)
		return rc;
	if (role < 0)
		return ORG_NOT_FOUND;
	return role == ROLE_USER ? ORG_FORBIDDEN : 0;
}

int org_coords_write(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                     const struct org_coords *c, time_t now)
{
	int rc = org_may_manage(db, a, who, org);
	if (rc != 0)
		return rc;
	rc = db_exec(db, a, OS_ORG_COORDS_SET,
	             DB_ARGS(DB_TEXT(c->vat_number), DB_TEXT(c->vat_number), DB_TEXT(c->name),
	                     DB_TEXT(org_entity_types[c->entity_type]), DB_TEXT(c->country),
	                     DB_TEXT(c->street), DB_TEXT(c->postcode), DB_TEXT(c->city),
	                     DB_TEXT(c->phone), DB_TEXT(c->email), DB_TEXT(c->vat_number),
	                     DB_TEXT(c->uid_number), DB_INT(now), DB_INT(now), DB_INT(org)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	return org_activity(db, a, who, org, "coordinates_changed", c->name, c->vat_number);
}

struct save {
	struct arena *a;
	const struct org_actor *who;
	long long org;
	const struct org_coords *c;
	time_t now;
};

static int save_txn(struct db *db, void *p)
{
	struct save *s = p;
	return org_coords_write(db, s->a, s->who, s->org, s->c, s->now);
}

int org_coords_save(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                    const struct org_coords *c, time_t now)
{
	struct save s = {a, who, org, c, now};
	return db_txn(db, save_txn, &s);
}
