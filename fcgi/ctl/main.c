/*
 * kontorctl: the operator's command line, reading the same configuration as the pools.
 * Each command prints the new object's id alone on stdout; bad input gets one clear line
 * on stderr and exit status 1. Values go through the same validators as the web forms.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/tree.h>
#include <sodium.h>

#include "ctl.h"

static struct conf conf;
static struct db *db;
static struct arena A;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	fputs("kontorctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(void) __attribute__((noreturn));
static void usage(void)
{
	fputs("usage:\n"
	      "  kontorctl user add EMAIL --name NAME [--staff] [--locale en|de|fr|it]  (password on stdin)\n"
	      "  kontorctl user passwd EMAIL                                           (password on stdin)\n"
	      "  kontorctl user staff EMAIL on|off      (provider staff: the review of help requests)\n"
	      "  kontorctl org add NAME --legal-rep EMAIL [--country CC] [--partner]\n"
	      "  kontorctl member add ORG_ID EMAIL --role legal_representative|admin|user\n"
	      "  kontorctl member role ORG_ID EMAIL --role legal_representative|admin|user\n"
	      "  kontorctl member remove ORG_ID EMAIL      (the last legal representative stays)\n"
	      "  kontorctl grant ORG_ID EMAIL PRODUCT_ID   (a member with role user may see it)\n"
	      "  kontorctl invite ORG_ID EMAIL --role legal_representative|admin|user     (mails the link)\n"
	      "  kontorctl product add ORG_ID --kind domain|hosting|mail|other --name NAME\n"
	      "            --expires YYYY-MM-DD [--auto-renew] [--price AMOUNT --currency CHF|EUR]\n"
	      "  kontorctl token add EMAIL --name NAME --scopes SCOPE[,SCOPE...] [--products IDS]\n"
	      "            [--expires YYYY-MM-DD]                                       (prints the token)\n",
	      stderr);
	exit(1);
}

/* Options after the positional arguments: "--key value" pairs and bare flags. */
struct opts {
	int argc;
	char **argv;
};

static const char *opt(const struct opts *o, const char *name)
{
	for (int i = 0; i < o->argc; i++)
		if (strcmp(o->argv[i], name) == 0) {
			if (i + 1 >= o->argc || strncmp(o->argv[i + 1], "--", 2) == 0)
				die("%s needs a value", name);
			return o->argv[i + 1];
		}
	return NULL;
}

static bool flag(const struct opts *o, const char *name)
{
	for (int i = 0; i < o->argc; i++)
		if (strcmp(o->argv[i], name) == 0)
			return true;
	return false;
}

/* Refuses options the command does not know (a typo must not pass silently). */
static void known(const struct opts *o, const char *const *with_value, const char *const *flags)
{
	for (int i = 0; i < o->argc; i++) {
		bool ok = false;
		for (const char *const *w = with_value; *w && !ok; w++)
			if (strcmp(o->argv[i], *w) == 0) {
				ok = true;
				i++;
			}
		for (const char *const *f = flags; *f && !ok; f++)
			ok = strcmp(o->argv[i], *f) == 0;
		if (!ok)
			die("unknown option %s", o->argv[i]);
	}
}

/* The value raw checked against d; ends the program with one line when it is missing, empty
 * (an empty address or choice counts as not given) or refused. */
static const struct field_value *check(const struct field_decl *d, const char *raw)
{
	struct field_value *v = arena_calloc(&A, 1, sizeof(*v));
	if (raw == NULL)
		die("--%s is required", d->name);
	enum field_error e = field_check(&A, d, raw, strlen(raw), v);
	if (e == FERR_NONE && !v->present)
		e = FERR_MISSING;
	if (e != FERR_NONE)
		die("%s: %s", d->name, i18n_get(LOCALE_EN, field_error_key(e)));
	return v;
}

static const char *const roles[] = {"legal_representative", "admin", "user", NULL};
static const char *const kinds[] = {"domain", "hosting", "mail", "other", NULL};
static const char *const currencies[] = {"CHF", "EUR", NULL};
static const struct field_decl f_email = {"email", FIELD_EMAIL, 3, 254, 0, 0, NULL};
static const struct field_decl f_rep = {"legal-rep", FIELD_EMAIL, 3, 254, 0, 0, NULL};
static const struct field_decl f_name = {"name", FIELD_TEXT, 1, 200, 0, 0, NULL};
static const char *const locales[] = {"en", "de", "fr", "it", NULL};
static const struct field_decl f_locale = {"locale", FIELD_ENUM, 0, 0, 0, 0, locales};
static const struct field_decl f_country = {"country", FIELD_TEXT, 2, 2, 0, 0, NULL};
static const struct field_decl f_id = {"id", FIELD_INT, 0, 0, 1, 1LL << 53, NULL};
static const struct field_decl f_role = {"role", FIELD_ENUM, 0, 0, 0, 0, roles};
static const struct field_decl f_kind = {"kind", FIELD_ENUM, 0, 0, 0, 0, kinds};
static const struct field_decl f_pname = {"name", FIELD_TEXT, 1, 253, 0, 0, NULL};
static const struct field_decl f_expires = {"expires", FIELD_DATE, 10, 10, 0, 0, NULL};
static const struct field_decl f_currency = {"currency", FIELD_ENUM, 0, 0, 0, 0, currencies};

/* Reads the password from stdin (one line) and checks the rules the web forms apply. */
static char *read_password(const char *email, char hash[crypto_pwhash_STRBYTES])
{
	static char pw[1100];
	if (fgets(pw, sizeof(pw), stdin) == NULL)
		die("no password on standard input");
	pw[strcspn(pw, "\r\n")] = '\0';
	size_t n = strlen(pw);
	if (n < 12 || n > 256)
		die("password: 12 to 256 characters");
	const char *weak = sec_password_weak(pw, email);
	if (weak != NULL)
		die("password: %s", i18n_get(LOCALE_EN, weak));
	if (sec_password_hash(pw, n, hash) != 0)
		die("out of memory hashing the password");
	sodium_memzero(pw, sizeof(pw));
	return hash;
}

static void need(int rc, const char *what)
{
	if (rc == DB_DUPLICATE)
		die("%s already exists", what);
	if (rc == DB_DOWN)
		die("the database cannot be reached");
	if (rc != DB_OK)
		die("%s failed (see the message above)", what);
}

static long long user_id(const char *email)
{
	struct db_rows rows;
	need(db_exec(db, &A, KS_USER_ID, DB_ARGS(DB_TEXT(email)), &rows), "user look-up");
	if (rows.nrows != 1)
		die("no user with the e-mail address %s", email);
	return db_int(&rows, 0, 0);
}

/* The user's language for mail, English when none was chosen. */
static int user_locale(const char *email)
{
	struct db_rows rows;
	need(db_exec(db, &A, KS_USER_LOCALE, DB_ARGS(DB_TEXT(email)), &rows), "user look-up");
	int l = rows.nrows == 1 ? i18n_locale(db_cell(&rows, 0, 0)) : -1;
	return l >= 0 ? l : LOCALE_EN;
}

static void user_add(int argc, char **argv)
{
	static const char *const with[] = {"--name", "--locale", NULL}, *const fl[] = {"--staff", NULL};
	char hash[crypto_pwhash_STRBYTES];
	if (argc < 1)
		usage();
	struct opts o = {argc - 1, argv + 1};
	known(&o, with, fl);
	const char *email = check(&f_email, argv[0])->s;
	const char *name = check(&f_name, opt(&o, "--name"))->s;
	const char *locale = opt(&o, "--locale") ? check(&f_locale, opt(&o, "--locale"))->s : "";
	read_password(email, hash);
	need(db_exec(db, &A, KS_USER_INSERT,
	             DB_ARGS(DB_TEXT(email), DB_TEXT(name), DB_TEXT(hash), DB_TEXT(locale),
	                     DB_INT(flag(&o, "--staff"))),
	             NULL),
	     "a user with this e-mail address");
	printf("%llu\n", db_insert_id(db));
}

static int passwd_txn(struct db *d, void *p)
{
	const struct dbv *args = p;
	/* As after a change in the panel: every session and every login waiting for its second
	 * factor ends, and pending reset links die. */
	int rc = db_exec(d, &A, KS_USER_PASSWORD, DB_ARGS(args[0], args[1]), NULL);
	if (rc == DB_OK)
		rc = db_exec(d, &A, KS_USER_SESSIONS_END, DB_ARGS(args[1]), NULL);
	if (rc == DB_OK)
		rc = db_exec(d, &A, KS_USER_CHALLENGES_END, DB_ARGS(args[1]), NULL);
	if (rc == DB_OK)
		rc = db_exec(d, &A, KS_USER_RESETS_END, DB_ARGS(args[1]), NULL);
	if (rc == DB_OK)
		rc = db_exec(d, &A, KS_USER_SECLOG, DB_ARGS(args[1], DB_TEXT("password_set_by_operator")), NULL);
	return rc;
}

static void user_passwd(int argc, char **argv)
{
	char hash[crypto_pwhash_STRBYTES];
	if (argc != 1)
		usage();
	const char *email = check(&f_email, argv[0])->s;
	long long uid = user_id(email);
	read_password(email, hash);
	struct dbv args[2] = {DB_TEXT(hash), DB_INT(uid)};
	need(db_txn(db, passwd_txn, args), "password change");
	printf("%lld\n", uid);
}

/* kontorctl user staff EMAIL on|off: the provider-staff flag (the staff area, e.g. the
 * review of lost-device help requests). A session in progress sees it at its next request. */
static void user_staff(int argc, char **argv)
{
	if (argc != 2)
		usage();
	const char *email = check(&f_email, argv[0])->s;
	bool on = strcmp(argv[1], "on") == 0;
	if (!on && strcmp(argv[1], "off") != 0)
		die("staff: on or off");
	long long uid = user_id(email);
	need(db_exec(db, &A, KS_USER_STAFF, DB_ARGS(DB_INT(on), DB_INT(uid)), NULL), "staff flag");
	printf("%lld\n", uid);
}

struct org_new {
	const char *name, *country;
	bool partner;
	long long rep;
	unsigned long long id;
};

static int org_txn(struct db *d, void *p)
{
	struct org_new *o = p;
	int rc = db_exec(d, &A, KS_ORG_INSERT,
	                 DB_ARGS(DB_TEXT(o->name), DB_TEXT(o->country), DB_INT(o->partner)), NULL);
	if (rc != DB_OK)
		return rc;
	o->id = db_insert_id(d);
	return db_exec(d, &A, OS_MEMBER_INSERT,
	               DB_ARGS(DB_INT(o->id), DB_INT(o->rep), DB_TEXT("legal_representative"),
	                       DB_INT(time(NULL))), NULL);
}

static void org_add(int argc, char **argv)
{
	static const char *const with[] = {"--legal-rep", "--country", NULL}, *const fl[] = {"--partner", NULL};
	if (argc < 1)
		usage();
	struct opts o = {argc - 1, argv + 1};
	known(&o, with, fl);
	struct org_new n = {check(&f_name, argv[0])->s, "CH", flag(&o, "--partner"), 0, 0};
	const char *rep = check(&f_rep, opt(&o, "--legal-rep"))->s;
	if (opt(&o, "--country") != NULL) {
		char *cc = arena_strdup(&A, check(&f_country, opt(&o, "--country"))->s);
		for (char *c = cc; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 32);
		if (!org_country_known(cc))
			die("country: an ISO 3166-1 code, such as CH");
		n.country = cc;
	}
	n.rep = user_id(rep);
	need(db_txn(db, org_txn, &n), "organization");
	printf("%llu\n", n.id);
}

static long long org_exists(const char *raw, const char **name, const char **country)
{
	struct db_rows rows;
	long long id = check(&f_id, raw)->i;
	need(db_exec(db, &A, KS_ORG_GET, DB_ARGS(DB_INT(id)), &rows), "organization look-up");
	if (rows.nrows != 1)
		die("no organization %lld", id);
	if (name)
		*name = db_cell(&rows, 0, 0);
	if (country)
		*country = db_cell(&rows, 0, 1);
	return id;
}

/* kontorctl acts as the operator: not bound by roles, bound by the legal-representative rule,
 * and written to the organization's activity log like anyone. */
static const struct org_actor operator_actor = {0, "kontorctl", "kontorctl", LOCALE_EN};

/* A refusal of the organizations' rules, in words, and exit 1. */
static void refused(int rc, const char *what)
{
	if (rc > 0)
		die("%s: %s", what, i18n_get(LOCALE_EN, org_refusal_key(rc)));
	need(rc, what);
}

struct join {
	long long org, uid;
	int role;
	const char *email;
};

static int member_txn(struct db *d, void *p)
{
	struct join *j = p;
	int locale = user_locale(j->email);
	return org_member_join(d, &A, &operator_actor, j->org, j->uid, j->role, j->email,
	                       locale_names[locale >= 0 ? locale : LOCALE_EN], j->email, time(NULL));
}

static void member_add(int argc, char **argv)
{
	static const char *const with[] = {"--role", NULL}, *const fl[] = {NULL};
	if (argc < 2)
		usage();
	struct opts o = {argc - 2, argv + 2};
	known(&o, with, fl);
	long long org = org_exists(argv[0], NULL, NULL);
	const char *email = check(&f_email, argv[1])->s;
	struct join j = {org, user_id(email), (int)check(&f_role, opt(&o, "--role"))->i, email};
	refused(db_txn(db, member_txn, &j), "this membership");
	printf("%lld\n", j.uid);
}

/* kontorctl member role ORG_ID EMAIL --role ROLE, kontorctl member remove ORG_ID EMAIL: through
 * the same rules as the pages and the API (the last legal representative stays). */
static void member_change(int argc, char **argv, bool remove)
{
	static const char *const with[] = {"--role", NULL}, *const none[] = {NULL}, *const fl[] = {NULL};
	if (argc < 2)
		usage();
	struct opts o = {argc - 2, argv + 2};
	known(&o, remove ? none : with, fl);
	long long org = org_exists(argv[0], NULL, NULL);
	long long uid = user_id(check(&f_email, argv[1])->s);
	int role = remove ? -1 : (int)check(&f_role, opt(&o, "--role"))->i;
	int rc = org_member_change(db, &A, &operator_actor, org, uid, role);
	if (rc != ORG_UNCHANGED)
		refused(rc, remove ? "removing this member" : "this role");
	printf("%lld\n", uid);
}

struct grant {
	long long org, uid, product;
	const char *email;
	int refused;  /* 1: not a member, 2: not role user, 3: not a product of the organization */
};

static int grant_txn(struct db *d, void *p)
{
	struct grant *g = p;
	struct db_rows rows;
	int role;
	/* Like every change of members: the organization's row first, then the role as it is. */
	int rc = db_exec(d, &A, OS_ORG_BUMP, DB_ARGS(DB_INT(g->org)), NULL);
	if (rc == DB_OK)
		rc = org_role_of(d, &A, g->org, g->uid, &role);
	if (rc == DB_OK)
		rc = db_exec(d, &A, KS_PRODUCT_OF_ORG, DB_ARGS(DB_INT(g->product), DB_INT(g->org)), &rows);
	if (rc != DB_OK)
		return rc;
	g->refused = role < 0 ? 1 : role != ROLE_USER ? 2 : rows.nrows != 1 ? 3 : 0;
	if (g->refused)
		return 1;
	rc = db_exec(d, &A, KS_GRANT_PRODUCT, DB_ARGS(DB_INT(g->org), DB_INT(g->uid), DB_INT(g->product)),
	             NULL);
	if (rc == DB_OK)
		rc = org_activity(d, &A, &operator_actor, g->org, "grants_changed", g->email,
		                  arena_printf(&A, "+ %s", db_cell(&rows, 0, 0)));
	return rc;
}

/* kontorctl grant ORG_ID EMAIL PRODUCT_ID: a member with role user may see the product. */
static void grant(int argc, char **argv)
{
	if (argc != 3)
		usage();
	long long org = org_exists(argv[0], NULL, NULL);
	const char *email = check(&f_email, argv[1])->s;
	struct grant g = {org, user_id(email), check(&f_id, argv[2])->i, email, 0};
	int rc = db_txn(db, grant_txn, &g);
	if (g.refused == 1)
		die("%s is not a member of organization %lld", email, org);
	if (g.refused == 2)
		die("%s is an administrator or legal representative: they see every product already", email);
	if (g.refused == 3)
		die("no product %lld in organization %lld", g.product, org);
	need(rc, "this grant");
	printf("%lld\n", g.product);
}

/* kontorctl invite ORG_ID EMAIL --role ROLE: the invitation is mailed; prints its id. */
static void invite(int argc, char **argv)
{
	static const char *const with[] = {"--role", NULL}, *const fl[] = {NULL};
	if (argc < 2)
		usage();
	struct opts o = {argc - 2, argv + 2};
	known(&o, with, fl);
	long long org = org_exists(argv[0], NULL, NULL);
	const char *email = check(&f_email, argv[1])->s;
	int role = (int)check(&f_role, opt(&o, "--role"))->i;
	long long id;
	refused(org_invite(db, &A, &conf, &operator_actor, org, email, role, &id), "this invitation");
	printf("%lld\n", id);
}

/* "18", "18.5", "18.50" to cents; -1 when not an amount. */
static long long parse_price(const char *s)
{
	long long whole = 0, cents = 0;
	int digits = 0, decimals = -1;
	for (; *s; s++) {
		if (*s == '.' && decimals < 0 && digits > 0) {
			decimals = 0;
		} else if (*s >= '0' && *s <= '9') {
			if (decimals >= 0) {
				if (++decimals > 2)
					return -1;
				cents = cents * 10 + (*s - '0');
			} else if (++digits > 9) {
				return -1;
			} else {
				whole = whole * 10 + (*s - '0');
			}
		} else {
			return -1;
		}
	}
	if (digits == 0 || decimals == 0)
		return -1;
	if (decimals == 1)
		cents *= 10;
	return whole * 100 + cents;
}

static void product_add(int argc, char **argv)
{
	static const char *const with[] = {"--kind", "--name", "--expires", "--price", "--currency", NULL};
	static const char *const fl[] = {"--auto-renew", NULL};
	const char *org_name, *country;
	if (argc < 1)
		usage();
	struct opts o = {argc - 1, argv + 1};
	known(&o, with, fl);
	long long org = org_exists(argv[0], &org_name, &country);
	const char *kind = check(&f_kind, opt(&o, "--kind"))->s;
	const char *name = check(&f_pname, opt(&o, "--name"))->s;
	const char *expires = check(&f_expires, opt(&o, "--expires"))->s;
	struct dbv price = DB_NULL, currency = DB_NULL;
	if (opt(&o, "--price") != NULL || opt(&o, "--currency") != NULL) {
		long long cents = opt(&o, "--price") ? parse_price(opt(&o, "--price")) : -1;
		if (cents < 0)
			die("price: an amount such as 18.00");
		price = DB_INT(cents);
		currency = DB_TEXT(check(&f_currency, opt(&o, "--currency"))->s);
	}
	/* The holder starts as the managing organization; it can differ later. */
	need(db_exec(db, &A, KS_PRODUCT_INSERT,
	             DB_ARGS(DB_INT(org), DB_INT(org), DB_TEXT(kind), DB_TEXT(name), DB_TEXT(expires),
	                     DB_INT(flag(&o, "--auto-renew")), price, currency, DB_TEXT(org_name),
	                     DB_TEXT(org_name), DB_TEXT(country)),
	             NULL),
	     "product");
	printf("%llu\n", db_insert_id(db));
}

struct token_new {
	struct token_spec spec;
	const char *token;
	const char *email;  /* the owner, for the notice */
	int locale;
};

static int token_txn(struct db *d, void *p)
{
	struct token_new *t = p;
	int rc = token_create(d, &A, &conf, &t->spec, &t->token);
	if (rc != DB_OK)
		return rc;
	/* As from the panel: the security log has it, and the owner hears of it. */
	if ((rc = db_exec(d, &A, KS_USER_SECLOG, DB_ARGS(DB_INT(t->spec.user_id),
	                  DB_TEXT("api_token_created")), NULL)) != DB_OK)
		return rc;
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(&A, &root);
	view_text(root, "token", t->spec.name);
	view_attr(root, "ip", "kontorctl");
	return mail_queue(d, &A, t->locale, t->email, "token_created", m);
}

static void token_add(int argc, char **argv)
{
	static const char *const with[] = {"--name", "--scopes", "--products", "--expires", NULL};
	static const char *const fl[] = {NULL};
	static const struct field_decl f_tname = {"name", FIELD_TEXT, 1, 100, 0, 0, NULL};
	static const struct field_decl f_products = {"products", FIELD_IDS, 0, 1000, 0, 0, NULL};
	if (argc < 1)
		usage();
	struct opts o = {argc - 1, argv + 1};
	known(&o, with, fl);
	const char *email = check(&f_email, argv[0])->s;
	struct token_new t = {{user_id(email), check(&f_tname, opt(&o, "--name"))->s, 0, NULL, NULL},
	                      NULL, email, user_locale(email)};
	const char *scopes = opt(&o, "--scopes");
	long bits = scopes ? token_scopes_parse(scopes) : -1;
	if (bits <= 0)
		die("--scopes: one or more of profile:read, profile:write, organizations:read, organizations:write, "
		    "products:read, products:write, billing:read, billing:write, partners:read, "
		    "partners:write, tenders:read, tenders:write, separated by commas");
	t.spec.scopes = (unsigned)bits;
	if (opt(&o, "--products") != NULL)
		t.spec.products = check(&f_products, opt(&o, "--products"))->s;
	if (opt(&o, "--expires") != NULL) {
		const struct field_value *d = check(&f_expires, opt(&o, "--expires"));
		const char *why = token_expiry_problem(d->s, time(NULL));
		if (why != NULL)
			die("expires: %s", i18n_get(LOCALE_EN, why));
		t.spec.expires = d->s;
	}
	int rc = db_txn(db, token_txn, &t);
	if (rc == 1)
		die("products: each must be a product of an organization the user administers");
	need(rc, "token");
	printf("%s\n", t.token);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	log_set_name("kontorctl");
	conf_load(&conf);
	if (sec_init() != 0)
		die("libsodium does not initialise");
	i18n_load(conf.templates);
	view_init(conf.templates, NULL, 0);
	mail_init(&conf);
	arena_init(&A);
	db = db_open(&conf, &ctl_sql);
	if (db_ensure(db) != DB_OK)
		die("the database cannot be reached");
	const char *what = argv[1], *verb = argv[2];
	if (strcmp(what, "user") == 0 && strcmp(verb, "add") == 0)
		user_add(argc - 3, argv + 3);
	else if (strcmp(what, "user") == 0 && strcmp(verb, "passwd") == 0)
		user_passwd(argc - 3, argv + 3);
	else if (strcmp(what, "user") == 0 && strcmp(verb, "staff") == 0)
		user_staff(argc - 3, argv + 3);
	else if (strcmp(what, "org") == 0 && strcmp(verb, "add") == 0)
		org_add(argc - 3, argv + 3);
	else if (strcmp(what, "invite") == 0)
		invite(argc - 2, argv + 2);
	else if (strcmp(what, "grant") == 0)
		grant(argc - 2, argv + 2);
	else if (strcmp(what, "member") == 0 && strcmp(verb, "add") == 0)
		member_add(argc - 3, argv + 3);
	else if (strcmp(what, "member") == 0 && strcmp(verb, "role") == 0)
		member_change(argc - 3, argv + 3, false);
	else if (strcmp(what, "member") == 0 && strcmp(verb, "remove") == 0)
		member_change(argc - 3, argv + 3, true);
	else if (strcmp(what, "product") == 0 && strcmp(verb, "add") == 0)
		product_add(argc - 3, argv + 3);
	else if (strcmp(what, "token") == 0 && strcmp(verb, "add") == 0)
		token_add(argc - 3, argv + 3);
	else
		usage();
	db_close(db);
	arena_free(&A);
	return 0;
}
