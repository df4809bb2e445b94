/*
 * A short readable name for the device behind a User-Agent header ("Firefox on Linux",
 * "Safari on iPhone", "curl"), for the list of sessions. Pure: no state, no allocation.
 * Browsers and systems are proper names; only the joining word comes from the catalogue.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"

struct ua_name {
	const char *needle;  /* a substring of the header */
	const char *name;    /* what it says */
};

/* Tools and libraries: named alone, by the product token the header starts with. */
static const struct ua_name tools[] = {
	{"curl/", "curl"},
	{"Wget/", "Wget"},
	{"HTTPie/", "HTTPie"},
	{"python-requests/", "Python"},
	{"Python-urllib/", "Python"},
	{"Go-http-client/", "Go"},
	{"okhttp/", "OkHttp"},
	{"node-fetch", "Node.js"},
	{"node", "Node.js"},
	{"undici", "Node.js"},
	{"DAVx5/", "DAVx5"},
	{"cadaver/", "cadaver"},
};

/* Browsers, in the order that tells them apart: Edge and Opera also say "Chrome", Chrome
 * also says "Safari", Firefox on iOS says "FxiOS", Chrome on iOS "CriOS". */
static const struct ua_name browsers[] = {
	{"Edg/", "Edge"},          {"EdgA/", "Edge"},     {"EdgiOS/", "Edge"},
	{"Edge/", "Edge"},         {"OPR/", "Opera"},     {"Opera", "Opera"},
	{"SamsungBrowser/", "Samsung Internet"},          {"Vivaldi/", "Vivaldi"},
	{"YaBrowser/", "Yandex Browser"},                 {"Thunderbird/", "Thunderbird"},
	{"FxiOS/", "Firefox"},
	{"Firefox/", "Firefox"},   {"CriOS/", "Chrome"},  {"Chromium/", "Chromium"},
	{"HeadlessChrome/", "Chrome"},                    {"Chrome/", "Chrome"},
	{"Trident/", "Internet Explorer"},                {"MSIE ", "Internet Explorer"},
	{"Version/", "Safari"},    {"Safari/", "Safari"},
};

/* Systems: iPhone and iPad before macOS ("like Mac OS X"), Android before Linux. */
static const struct ua_name systems[] = {
	{"iPhone", "iPhone"},   {"iPad", "iPad"},         {"iPod", "iPod"},
	{"Android", "Android"}, {"Windows", "Windows"},   {"CrOS", "ChromeOS"},
	{"Macintosh", "macOS"}, {"Mac OS X", "macOS"},    {"Linux", "Linux"},
	{"FreeBSD", "FreeBSD"}, {"OpenBSD", "OpenBSD"},
};

static const char *find(const char *ua, const struct ua_name *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(ua, t[i].needle) != NULL)
			return t[i].name;
	return NULL;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

const char *device_name(const char *ua, const char *on, char *out, size_t n)
{
	if (n == 0)
		return NULL;
	out[0] = '\0';
	if (ua == NULL || *ua == '\0')
		return NULL;
	for (size_t i = 0; i < N(tools); i++)
		if (strncmp(ua, tools[i].needle, strlen(tools[i].needle)) == 0) {
			snprintf(out, n, "%s", tools[i].name);
			return out;
		}
	const char *browser = find(ua, browsers, N(browsers));
	/* "Version/" names Safari only in WebKit's header; an iOS app's WebKit view says
	 * "Mobile/" without "Safari/": Safari's engine all the same. */
	if (browser != NULL && strcmp(browser, "Safari") == 0 && strstr(ua, "AppleWebKit/") == NULL)
		browser = NULL;
	if (browser == NULL && strstr(ua, "AppleWebKit/") != NULL && strstr(ua, "Mobile/") != NULL)
		browser = "Safari";
	const char *sys = find(ua, systems, N(systems));
	if (browser != NULL && sys != NULL)
		snprintf(out, n, "%s %s %s", browser, on, sys);
	else if (browser != NULL || sys != NULL)
		snprintf(out, n, "%s", browser != NULL ? browser : sys);
	else
		return NULL;
	return out;
}
