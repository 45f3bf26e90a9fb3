/* Loops over whole documents that no RE2 pass or C string method does at memchr speed.
 *
 * They run on every message. The document view's base64 search and escape decoding
 * (dataguard/scan/view.py) each cost a full pass through RE2's DFA (about 1 ns a byte) or a
 * byte-by-byte decoder; these loops jump from quote to quote and from backslash to
 * backslash instead. The card-number windows (dataguard/scan/card_windows.py) replace an
 * RE2 candidate pass and a validator call per candidate. Each function does exactly what
 * its Python twin, named in its docstring, does: the twins run where the install had no C
 * compiler, and tests/test_native.py compares the two on generated input. None keeps any
 * state or touches anything but its argument.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The first byte equal to c in s[pos:n] (n when none): eight bytes at a time, as quotes and
 * backslashes come too often in JSON for memchr's setup to pay, and too seldom for a byte
 * loop. */
static Py_ssize_t find_byte(const unsigned char *s, Py_ssize_t pos, Py_ssize_t n, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t pattern = ones * c;
    while (pos + 8 <= n) {
        uint64_t w;
        memcpy(&w, s + pos, 8);
        uint64_t x = w ^ pattern;
        uint64_t m = (x - ones) & ~x & highs; /* (the lowest set bit is exact) */
        if (m) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return pos + (__builtin_ctzll(m) >> 3);
#else
            break; /* (big-endian: the byte loop below finds it) */
#endif
        }
        pos += 8;
    }
    while (pos < n && s[pos] != c) {
        pos++;
    }
    return pos;
}

/* The bytes argument of a loop named name: 0, or -1 with a TypeError set. */
static int bytes_arg(PyObject *arg, const char *name, const unsigned char **s, Py_ssize_t *n)
{
    if (!PyBytes_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s takes bytes", name);
        return -1;
    }
    *s = (const unsigned char *)PyBytes_AS_STRING(arg);
    *n = PyBytes_GET_SIZE(arg);
    return 0;
}

/* ---- base64 candidates --------------------------------------------------------------- */

static signed char b64_value[256];

static int is_b64_char(unsigned char c) { return b64_value[c] >= 0; }

/* Whether byte b may come next in UTF-8 text that a layer may start with, given the
 * decoder's state (due: continuation bytes still expected; lo/hi: the range of the next
 * one). b64start._byte, byte for byte. */
static int utf8_step(int *due, int *lo, int *hi, unsigned int b)
{
    if (*due == 0) {
        if (b < 0x80) {
            return (b >= 0x09 && b <= 0x0D) || b >= 0x1C;
        }
        if (b >= 0xC2 && b <= 0xDF) { *due = 1; *lo = 0x80; *hi = 0xBF; return 1; }
        if (b == 0xE0) { *due = 2; *lo = 0xA0; *hi = 0xBF; return 1; }
        if (b == 0xED) { *due = 2; *lo = 0x80; *hi = 0x9F; return 1; }
        if (b >= 0xE1 && b <= 0xEF) { *due = 2; *lo = 0x80; *hi = 0xBF; return 1; }
        if (b == 0xF0) { *due = 3; *lo = 0x90; *hi = 0xBF; return 1; }
        if (b >= 0xF1 && b <= 0xF3) { *due = 3; *lo = 0x80; *hi = 0xBF; return 1; }
        if (b == 0xF4) { *due = 3; *lo = 0x80; *hi = 0x8F; return 1; }
        return 0;
    }
    if (b < (unsigned int)*lo || b > (unsigned int)*hi) {
        return 0;
    }
    *due -= 1;
    *lo = 0x80;
    *hi = 0xBF;
    return 1;
}

/* b64start.layer_start_pattern() as a test: four base64 characters whose three bytes may
 * begin a layer. */
static int layer_start(const unsigned char *p)
{
    int v0 = b64_value[p[0]];
    if (v0 < 0) { /* (most quotes: a closing one, before ":" "," "}" or "]") */
        return 0;
    }
    int v1 = b64_value[p[1]], v2 = b64_value[p[2]], v3 = b64_value[p[3]];
    if ((v1 | v2 | v3) < 0) {
        return 0;
    }
    unsigned int bits = ((unsigned int)v0 << 18) | ((unsigned int)v1 << 12) |
                        ((unsigned int)v2 << 6) | (unsigned int)v3;
    int due = 0, lo = 0, hi = 0;
    return utf8_step(&due, &lo, &hi, (bits >> 16) & 0xFF) &&
           utf8_step(&due, &lo, &hi, (bits >> 8) & 0xFF) &&
           utf8_step(&due, &lo, &hi, bits & 0xFF);
}

/* view._is_b64_body: groups of four, at least eight characters, "=" only as the last one or
 * two. */
static int is_b64_body(const unsigned char *s, Py_ssize_t lo, Py_ssize_t hi)
{
    Py_ssize_t len = hi - lo;
    if (len % 4 || len < 8) {
        return 0;
    }
    Py_ssize_t end = hi;
    if (s[end - 1] == '=') {
        end--;
        if (s[end - 1] == '=') {
            end--;
        }
    }
    for (Py_ssize_t i = lo; i < end; i++) {
        if (!is_b64_char(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int re2_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static PyObject *append_span(PyObject *out, Py_ssize_t start, Py_ssize_t close)
{
    PyObject *pair = Py_BuildValue("(nn)", start, close);
    if (pair == NULL) {
        return NULL;
    }
    int failed = PyList_Append(out, pair);
    Py_DECREF(pair);
    return failed ? NULL : out;
}

PyDoc_STRVAR(b64_candidates_doc,
             "b64_candidates(view: bytes) -> list[tuple[int, int]]\n\n"
             "view._b64_candidates_py: (opening quote, closing quote) of each whole JSON string\n"
             "value in view that may be base64 of a layer.");

static PyObject *b64_candidates(PyObject *self, PyObject *arg)
{
    const unsigned char *s;
    Py_ssize_t n;
    if (bytes_arg(arg, "b64_candidates", &s, &n) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t pos = 0;
    while (pos < n) {
        pos = find_byte(s, pos, n, '"');
        if (pos >= n) {
            break;
        }
        Py_ssize_t start = pos;
        Py_ssize_t lo = start + 1;
        pos = lo;
        if (n - lo < 8 || !layer_start(s + lo)) {
            continue;
        }
        Py_ssize_t close = find_byte(s, lo, n, '"');
        if (close >= n) {
            continue;
        }
        if (!is_b64_body(s, lo, close)) {
            continue;
        }
        /* a value, not a key: what follows the quote (after RE2's spaces) is no colon */
        Py_ssize_t after = close + 1;
        while (after < n && re2_space(s[after])) {
            after++;
        }
        if (after == n) {
            if (append_span(out, start, close) == NULL) {
                goto fail;
            }
            break;
        }
        if (s[after] != ':') {
            if (append_span(out, start, close) == NULL) {
                goto fail;
            }
            pos = after + 1; /* (the match took that character: the next starts after it) */
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ---- JSON escapes, decoded once ------------------------------------------------------ */

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* The code unit of "\uXXXX" at p (p[0] is the backslash), or -1; n: bytes left from p. */
static long code_unit(const unsigned char *p, Py_ssize_t n)
{
    if (n < 6 || p[1] != 'u') {
        return -1;
    }
    long v = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_value(p[i]);
        if (h < 0) {
            return -1;
        }
        v = (v << 4) | h;
    }
    return v;
}

/* The character of the \\u escape at b (b[0] is the backslash; left: bytes from b), a
 * surrogate pair as one, and in *used how many bytes it takes; -1 where none starts there. */
static long unicode_escape_at(const unsigned char *b, Py_ssize_t left, Py_ssize_t *used)
{
    long hi = code_unit(b, left);
    if (hi >= 0xD800 && hi <= 0xDBFF && left >= 12 && b[6] == '\\') {
        long lo = code_unit(b + 6, left - 6);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            *used = 12;
            return 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
        }
    }
    *used = 6;
    return hi;
}

/* UTF-8 of a code point, surrogates included as three bytes ("surrogatepass"). */
static unsigned char *put_utf8(unsigned char *o, unsigned long cp)
{
    if (cp < 0x80) {
        *o++ = (unsigned char)cp;
    } else if (cp < 0x800) {
        *o++ = (unsigned char)(0xC0 | (cp >> 6));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (unsigned char)(0xE0 | (cp >> 12));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (unsigned char)(0xF0 | (cp >> 18));
        *o++ = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
    return o;
}

PyDoc_STRVAR(unescape_doc,
             "unescape(data: bytes) -> bytes\n\n"
             "view.unescape_once_general: every escape in data decoded once (\\uXXXX, a\n"
             "surrogate pair as one character, the two-character escapes); any other\n"
             "backslash stays as it is.");

static PyObject *unescape(PyObject *self, PyObject *arg)
{
    const unsigned char *s;
    Py_ssize_t n;
    if (bytes_arg(arg, "unescape", &s, &n) < 0) {
        return NULL;
    }
    Py_ssize_t j = find_byte(s, 0, n, '\\');
    if (j >= n) {
        return Py_NewRef(arg);
    }
    /* nothing decodes longer than its escape: the output is at most n bytes */
    PyObject *out = PyBytes_FromStringAndSize(NULL, n);
    if (out == NULL) {
        return NULL;
    }
    unsigned char *o = (unsigned char *)PyBytes_AS_STRING(out);
    Py_ssize_t i = 0;
    while (j < n) {
        const unsigned char *b = s + j;
        memcpy(o, s + i, (size_t)(j - i));
        o += j - i;
        Py_ssize_t left = n - j, used;
        long cp = unicode_escape_at(b, left, &used);
        if (cp >= 0) {
            o = put_utf8(o, (unsigned long)cp);
            i = j + used;
            goto next;
        }
        if (left < 2) { /* a backslash at the very end stays */
            *o++ = '\\';
            i = j + 1;
            goto next;
        }
        switch (b[1]) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '/': *o++ = '/'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        default: /* no escape JSON knows: both characters stay */
            *o++ = '\\';
            *o++ = b[1];
        }
        i = j + 2;
    next:
        j = find_byte(s, i, n, '\\');
    }
    memcpy(o, s + i, (size_t)(n - i));
    o += n - i;
    if (_PyBytes_Resize(&out, o - (unsigned char *)PyBytes_AS_STRING(out)) < 0) {
        return NULL;
    }
    return out;
}

PyDoc_STRVAR(optional_escapes_doc,
             "optional_escapes(data: bytes) -> set[str]\n\n"
             "view._optional_escapes_py: the characters data escapes where JSON needs no escape\n"
             "(\\uXXXX, a surrogate pair as one character, \\/), wherever a backslash comes\n"
             "before one: a \\u after an escaped backslash counts too.");

static PyObject *optional_escapes(PyObject *self, PyObject *arg)
{
    const unsigned char *s;
    Py_ssize_t n;
    if (bytes_arg(arg, "optional_escapes", &s, &n) < 0) {
        return NULL;
    }
    PyObject *out = PySet_New(NULL);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t j = find_byte(s, 0, n, '\\');
    while (j + 1 < n) {
        const unsigned char *b = s + j;
        Py_ssize_t used;
        long cp = unicode_escape_at(b, n - j, &used);
        if (cp < 0) {
            cp = b[1] == '/' ? '/' : -1;
            used = cp < 0 ? 0 : 2;
        }
        if (used) {
            PyObject *ch = PyUnicode_FromOrdinal((int)cp);
            if (ch == NULL || PySet_Add(out, ch) < 0) {
                Py_XDECREF(ch);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(ch);
        }
        /* (as a regex scan: on past a match, else from the next byte) */
        j = find_byte(s, j + (used ? used : 1), n, '\\');
    }
    return out;
}

PyDoc_STRVAR(escaped_backslash_doc,
             "has_escaped_backslash(data: bytes) -> bool\n\n"
             "view._HAS_ESCAPED_BACKSLASH: whether data (JSON text) escapes a backslash, as \\\\ or\n"
             "\\u005c: where a string may hold a document with escapes of its own.");

static PyObject *has_escaped_backslash(PyObject *self, PyObject *arg)
{
    const unsigned char *s;
    Py_ssize_t n;
    if (bytes_arg(arg, "has_escaped_backslash", &s, &n) < 0) {
        return NULL;
    }
    for (Py_ssize_t j = find_byte(s, 0, n, '\\'); j + 1 < n; j = find_byte(s, j + 2, n, '\\')) {
        /* (each escape is passed over whole: its second byte starts nothing) */
        if (s[j + 1] == '\\') {
            Py_RETURN_TRUE;
        }
        if (s[j + 1] == 'u' && j + 5 < n && s[j + 2] == '0' && s[j + 3] == '0' &&
            s[j + 4] == '5' && (s[j + 5] == 'c' || s[j + 5] == 'C')) {
            Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

/* ---- card numbers ------------------------------------------------------------------ */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* Luhn over the digits of s[lo:hi] (separators skipped), and whether the first is an issuer's
 * first digit (2, 3, 4, 5, 6 or 8: validators._CARD_ISSUERS). */
static int card_like(const unsigned char *s, Py_ssize_t lo, Py_ssize_t hi)
{
    static const int doubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
    unsigned char first = s[lo];
    if (!(first >= '2' && first <= '6') && first != '8') {
        return 0;
    }
    int total = 0, odd = 0;
    for (Py_ssize_t i = hi - 1; i >= lo; i--) {
        if (!is_digit(s[i])) {
            continue;
        }
        int d = s[i] - '0';
        total += odd ? doubled[d] : d;
        odd = !odd;
    }
    return total % 10 == 0;
}

PyDoc_STRVAR(card_windows_doc,
             "card_windows(view: bytes) -> list[tuple[int, int]]\n\n"
             "card_windows.card_windows_py: every run of whole digit groups (joined by one space\n"
             "or dash) holding 13-19 digits that starts with an issuer's first digit and passes\n"
             "Luhn, in order.");

static PyObject *card_windows(PyObject *self, PyObject *arg)
{
    const unsigned char *s;
    Py_ssize_t n;
    if (bytes_arg(arg, "card_windows", &s, &n) < 0) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    /* the groups of the current chain: starts and ends; at most 19 digits matter behind
     * each group, so only the last 19 groups are kept */
    Py_ssize_t gs[19], ge[19];
    Py_ssize_t i = 0;
    while (i < n) {
        if (!is_digit(s[i])) {
            i++;
            continue;
        }
        int count = 0; /* groups kept (the last ones of the chain) */
        for (;;) {
            Py_ssize_t start = i;
            while (i < n && is_digit(s[i])) {
                i++;
            }
            if (count == 19) {
                memmove(gs, gs + 1, 18 * sizeof gs[0]);
                memmove(ge, ge + 1, 18 * sizeof ge[0]);
                count = 18;
            }
            gs[count] = start;
            ge[count] = i;
            count++;
            /* the windows that end with this group, longest first */
            Py_ssize_t digits = 0;
            for (int k = count - 1; k >= 0; k--) {
                digits += ge[k] - gs[k];
                if (digits > 19) {
                    break;
                }
                if (digits >= 13 && card_like(s, gs[k], i)) {
                    if (append_span(out, gs[k], i) == NULL) {
                        goto fail;
                    }
                }
            }
            if (i + 1 < n && (s[i] == ' ' || s[i] == '-') && is_digit(s[i + 1])) {
                i++;
                continue;
            }
            break;
        }
    }
    if (PyList_Sort(out) < 0) { /* (found by their ends: in order of their starts) */
        goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"optional_escapes", optional_escapes, METH_O, optional_escapes_doc},
    {"has_escaped_backslash", has_escaped_backslash, METH_O, escaped_backslash_doc},
    {"card_windows", card_windows, METH_O, card_windows_doc},
    {"b64_candidates", b64_candidates, METH_O, b64_candidates_doc},
    {"unescape", unescape, METH_O, unescape_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "dataguard.scan._native",
    "The document view's base64 search and escape decoding, at memchr speed.", -1, methods,
};

PyMODINIT_FUNC PyInit__native(void)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    memset(b64_value, -1, sizeof b64_value);
    for (int i = 0; i < 64; i++) {
        b64_value[(unsigned char)alphabet[i]] = (signed char)i;
    }
    return PyModule_Create(&module);
}
