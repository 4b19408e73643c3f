/*
 * One pass over a damaged report for yuanqu.newsroom.repair (issue 7): the C version of
 * repair._scan_python, which is the specification (tests/newsroom/test_repair_speedpath.py runs
 * both on the same random and corpus inputs and requires identical results).
 *
 * scan(text, table, placeholder_lo, placeholder_hi, traditional)
 *     -> (stripped, pairs, removed, uses_placeholders, damage, traditional_count)
 *
 * A *pair* is a CJK character followed by "(syllable)", the syllable being 1-8 pinyin letters
 * and an optional tone digit 1-5 (repair._PAIR). Each pair is replaced by table[pair] (a dict,
 * possibly a subclass with __missing__). ``removed`` counts pairs whose value is shorter than
 * the pair (the annotation went). ``uses_placeholders`` says whether a value was a single
 * character in [placeholder_lo, placeholder_hi). ``damage`` lists, flat, (start, end, group,
 * shift) of each match of repair._DAMAGE tried where damage can start, at a "(", ")", "?" or
 * U+FFFD outside the pairs (repair._damage_matches says how; group 0 lost, 1 open, 2 close;
 * shift = position in ``stripped`` - position in ``text`` there). ``traditional`` is a bitmap (bytes, bit c of byte c >> 3) of the
 * Basic Multilingual Plane; ``traditional_count`` is how many characters of text are in it.
 *
 * The values looked up in ``table`` are remembered here, keyed by the pair's code points, so that
 * a pair seen before costs a hash and a compare instead of a new str, a dict lookup and a free.
 * The table's values must never change (repair._REPLACEMENTS only ever adds); passing another
 * table forgets what was remembered.
 *
 * configure(letters) sets the non-ASCII pinyin letters (repair._TONE_LETTERS without the
 * combining range, which is built in), so that the letter class has one source of truth.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Pinyin letters (repair._PY): a-z, the configured tone letters, combining marks; all below 0x2000. */
#define LETTER_LIMIT 0x2000
static unsigned char letter_bits[LETTER_LIMIT / 8];

/* A pair is at most a character, "(", 8 letters, a digit and ")". */
#define MAX_PAIR 12

static int is_cjk(Py_UCS4 c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3134F);
}

static inline int is_letter(Py_UCS4 c) { return c < LETTER_LIMIT && (letter_bits[c >> 3] >> (c & 7)) & 1; }

static inline int is_tone(Py_UCS4 c) { return c >= '1' && c <= '5'; }

static inline int is_qmark(Py_UCS4 c) { return c == '?' || c == 0xFFFD; }

static void set_letter(Py_UCS4 c) { letter_bits[c >> 3] |= (unsigned char)(1 << (c & 7)); }

/* End (exclusive) of the pair whose "(" is at ``open`` (the character before it is CJK), or -1 when
 * there is none. The pair's code points go to ``key`` (MAX_PAIR long), their FNV-1a hash to *hash. */
static inline __attribute__((always_inline)) Py_ssize_t read_pair(const int kind, const void *data,
                                                                  Py_ssize_t length, Py_ssize_t open,
                                                                  Py_UCS4 *key, uint64_t *hash) {
    uint64_t h = 1469598103934665603ULL;
    Py_UCS4 c = PyUnicode_READ(kind, data, open - 1);
    key[0] = c;
    h = (h ^ c) * 1099511628211ULL;
    key[1] = '(';
    h = (h ^ '(') * 1099511628211ULL;
    int n = 2;
    Py_ssize_t i = open + 1;
    while (i < length && n < 10) {
        c = PyUnicode_READ(kind, data, i);
        if (!is_letter(c)) break;
        key[n++] = c;
        h = (h ^ c) * 1099511628211ULL;
        i++;
    }
    if (n == 2 || i >= length) return -1; /* no letter, or the text ends */
    c = PyUnicode_READ(kind, data, i);
    if (is_letter(c)) return -1; /* more than 8 letters */
    if (is_tone(c)) {
        key[n++] = c;
        h = (h ^ c) * 1099511628211ULL;
        if (++i >= length) return -1;
        c = PyUnicode_READ(kind, data, i);
    }
    if (c != ')') return -1;
    key[n++] = c;
    *hash = ((h ^ c) * 1099511628211ULL) | 1; /* never 0: 0 marks an empty slot */
    return i + 1;
}

/* ---- the remembered values: open addressing, cleared when full or when the table changes ---- */

typedef struct {
    uint64_t hash; /* 0: empty slot */
    Py_UCS4 key[MAX_PAIR];
    int key_length;
    PyObject *value; /* owned */
} Slot;

#define CACHE_BITS 14
#define CACHE_SIZE (1 << CACHE_BITS)
#define CACHE_LIMIT (CACHE_SIZE / 2)
static Slot *cache = NULL;
static Py_ssize_t cache_used = 0;
static PyObject *cache_table = NULL; /* owned: the table the values came from */

static void cache_clear(void) {
    if (cache == NULL) return;
    for (Py_ssize_t i = 0; i < CACHE_SIZE; i++) {
        if (cache[i].hash) Py_DECREF(cache[i].value);
    }
    memset(cache, 0, CACHE_SIZE * sizeof(Slot));
    cache_used = 0;
}

static Slot *cache_find(uint64_t hash, const Py_UCS4 *key, int length) {
    Py_ssize_t i = (Py_ssize_t)(hash & (CACHE_SIZE - 1));
    for (;;) {
        Slot *slot = &cache[i];
        if (slot->hash == 0) return slot;
        if (slot->hash == hash && slot->key_length == length && !memcmp(slot->key, key, length * sizeof(Py_UCS4)))
            return slot;
        i = (i + 1) & (CACHE_SIZE - 1);
    }
}

/* New reference to table[text[start:end]] (``key`` holds those code points, ``hash`` their hash), remembered. */
static PyObject *pair_value(PyObject *table, PyObject *text, Py_ssize_t start, Py_ssize_t end, const Py_UCS4 *key,
                            uint64_t hash) {
    int length = (int)(end - start);
    Slot *slot = cache_find(hash, key, length);
    if (slot->hash) return Py_NewRef(slot->value);

    PyObject *text_key = PyUnicode_Substring(text, start, end);
    if (text_key == NULL) return NULL;
    PyObject *value = PyDict_GetItemWithError(table, text_key); /* borrowed; never calls __missing__ */
    if (value != NULL) {
        Py_INCREF(value);
    } else if (!PyErr_Occurred()) {
        value = PyObject_GetItem(table, text_key); /* a dict subclass's __missing__ fills the table */
    }
    Py_DECREF(text_key);
    if (value == NULL) return NULL;
    if (!PyUnicode_Check(value)) {
        Py_DECREF(value);
        PyErr_SetString(PyExc_TypeError, "table values must be str");
        return NULL;
    }
    if (cache_table != table) return value; /* __missing__ let another thread scan with another table */
    if (cache_used >= CACHE_LIMIT) cache_clear();
    slot = cache_find(hash, key, length); /* again: __missing__ may have let other scans in */
    if (slot->hash == 0) {
        slot->hash = hash;
        memcpy(slot->key, key, length * sizeof(Py_UCS4));
        slot->key_length = length;
        slot->value = Py_NewRef(value);
        cache_used++;
    }
    return value;
}

/* ---- scan ---- */

typedef struct {
    Py_ssize_t start, end; /* the pair in the input */
    PyObject *value;       /* owned */
} Pair;

static PyObject *configure(PyObject *Py_UNUSED(self), PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "configure() takes a str of letters");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(arg);
    for (Py_ssize_t i = 0; i < length; i++) {
        if (PyUnicode_READ_CHAR(arg, i) >= LETTER_LIMIT) {
            PyErr_SetString(PyExc_ValueError, "a pinyin letter beyond U+1FFF");
            return NULL;
        }
    }
    memset(letter_bits, 0, sizeof letter_bits);
    for (Py_UCS4 c = 'a'; c <= 'z'; c++) set_letter(c);
    for (Py_UCS4 c = 0x300; c <= 0x36F; c++) set_letter(c); /* combining marks: decomposed tone marks */
    for (Py_ssize_t i = 0; i < length; i++) set_letter(PyUnicode_READ_CHAR(arg, i));
    cache_clear();
    Py_RETURN_NONE;
}

typedef struct {
    Py_ssize_t at, shift;
} Candidate;

typedef struct {
    PyObject *table;
    const unsigned char *bits;
    Py_UCS4 ph_lo, ph_hi, max_char;
    Pair *pairs;
    Py_ssize_t n_pairs, capacity, removed, traditional, shift;
    Candidate *candidates;
    Py_ssize_t n_candidates, candidate_capacity;
    int uses_placeholders;
} State;

static int add_candidate(State *s, Py_ssize_t at) {
    if (s->n_candidates == s->candidate_capacity) {
        Py_ssize_t grown = s->candidate_capacity ? s->candidate_capacity * 2 : 32;
        Candidate *larger = PyMem_Realloc(s->candidates, grown * sizeof(Candidate));
        if (larger == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        s->candidates = larger;
        s->candidate_capacity = grown;
    }
    s->candidates[s->n_candidates++] = (Candidate){at, s->shift};
    return 0;
}

enum { LOST, OPEN, CLOSE };

/* repair._DAMAGE.match(text, p): its end, or -1; its group in *group. */
static Py_ssize_t damage_at(int kind, const void *data, Py_ssize_t length, Py_ssize_t p, int *group) {
#define AT(i) PyUnicode_READ(kind, data, (i))
    Py_UCS4 c = AT(p);
    /* lost: (?:\([PY]*)?[?\ufffd]+(?:\([PY]*[1-5]?\)?|[PY]+[1-5]?\))? */
    Py_ssize_t q = p;
    if (c == '(') {
        q++;
        while (q < length && is_letter(AT(q))) q++;
    }
    if (q < length && is_qmark(AT(q))) {
        while (q < length && is_qmark(AT(q))) q++;
        if (q < length && AT(q) == '(') {
            q++;
            while (q < length && is_letter(AT(q))) q++;
            if (q < length && is_tone(AT(q))) q++;
            if (q < length && AT(q) == ')') q++;
        } else {
            Py_ssize_t r = q;
            while (r < length && is_letter(AT(r))) r++;
            if (r > q) {
                if (r < length && is_tone(AT(r))) r++;
                if (r < length && AT(r) == ')') q = r + 1;
            }
        }
        *group = LOST;
        return q;
    }
    if (p == 0 || !is_cjk(AT(p - 1))) return -1;
    /* open: (?<=[CJK])\([PY]{1,6}(?![PY)]) */
    if (c == '(') {
        Py_ssize_t r = p + 1;
        while (r < length && is_letter(AT(r))) r++;
        Py_ssize_t n = r - p - 1;
        if (n < 1 || n > 6 || (r < length && AT(r) == ')')) return -1;
        *group = OPEN;
        return r;
    }
    /* close: (?<=[CJK])[PY]{1,6}[1-5]?\) */
    Py_ssize_t r = p;
    while (r < length && is_letter(AT(r))) r++;
    if (r - p < 1 || r - p > 6) return -1;
    if (r < length && is_tone(AT(r))) r++;
    if (r < length && AT(r) == ')') {
        *group = CLOSE;
        return r + 1;
    }
    return -1;
#undef AT
}

/* repair._damage_matches over the candidates: flat (start, end, group, shift). */
static PyObject *damage_matches(State *s, int kind, const void *data, Py_ssize_t length) {
    PyObject *matches = PyList_New(0);
    if (matches == NULL) return NULL;
    Py_ssize_t reached = 0;
    for (Py_ssize_t k = 0; k < s->n_candidates; k++) {
        Py_ssize_t position = s->candidates[k].at, start = position, end;
        int group = LOST;
        if (position < reached) continue;
        if (PyUnicode_READ(kind, data, position) == ')') {
            while (start > 0 && position - start < 7) {
                Py_UCS4 c = PyUnicode_READ(kind, data, start - 1);
                if (!is_letter(c) && !is_tone(c)) break;
                start--;
            }
            if (start == position) continue;
            end = damage_at(kind, data, length, start, &group);
            if (end != position + 1) continue;
        } else {
            end = damage_at(kind, data, length, position, &group);
            if (end == -1) continue;
        }
        Py_ssize_t values[4] = {start, end, group, s->candidates[k].shift};
        for (int v = 0; v < 4; v++) {
            PyObject *number = PyLong_FromSsize_t(values[v]);
            if (number == NULL || PyList_Append(matches, number)) {
                Py_XDECREF(number);
                Py_DECREF(matches);
                return NULL;
            }
            Py_DECREF(number);
        }
        reached = end;
    }
    return matches;
}

static int add_pair(State *s, PyObject *text, Py_ssize_t start, Py_ssize_t end, const Py_UCS4 *key, uint64_t hash) {
    PyObject *value = pair_value(s->table, text, start, end, key, hash);
    if (value == NULL) return -1;
    if (s->n_pairs == s->capacity) {
        Py_ssize_t grown = s->capacity ? s->capacity * 2 : 64;
        Pair *larger = PyMem_Realloc(s->pairs, grown * sizeof(Pair));
        if (larger == NULL) {
            Py_DECREF(value);
            PyErr_NoMemory();
            return -1;
        }
        s->pairs = larger;
        s->capacity = grown;
    }
    s->pairs[s->n_pairs++] = (Pair){start, end, value};
    Py_ssize_t value_length = PyUnicode_GET_LENGTH(value);
    if (value_length < end - start) s->removed++;
    if (value_length == 1) {
        Py_UCS4 v = PyUnicode_READ_CHAR(value, 0);
        if (v >= s->ph_lo && v < s->ph_hi) s->uses_placeholders = 1;
    }
    Py_UCS4 value_max = PyUnicode_MAX_CHAR_VALUE(value);
    if (value_max > s->max_char) s->max_char = value_max;
    s->shift += value_length - (end - start);
    return 0;
}

/* Find the pairs and their values, note the candidates, count Traditional characters. ``s->shift``
 * is (position in stripped) - (position in text) outside the pairs. Inlined once per string kind,
 * so that reading a character is one load. */
static inline __attribute__((always_inline)) int first_pass(State *s, PyObject *text, const int kind,
                                                            const void *data, Py_ssize_t length) {
    for (Py_ssize_t i = 0; i < length; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > 0x7F) {
            /* before a "(" the character may start a pair and be replaced: decided at the "(" */
            if (c > s->max_char && !(i + 1 < length && PyUnicode_READ(kind, data, i + 1) == '(')) s->max_char = c;
            if (c < 0x10000 && (s->bits[c >> 3] >> (c & 7)) & 1) s->traditional++;
            if (c == 0xFFFD && add_candidate(s, i)) return -1;
            continue;
        }
        if (c != '(' && c != ')' && c != '?') continue;
        if (c == '(' && i > 0) {
            Py_UCS4 before = PyUnicode_READ(kind, data, i - 1);
            if (is_cjk(before)) {
                Py_UCS4 key[MAX_PAIR];
                uint64_t hash;
                Py_ssize_t end = read_pair(kind, data, length, i, key, &hash);
                if (end != -1) {
                    if (add_pair(s, text, i - 1, end, key, hash)) return -1;
                    i = end - 1; /* the pair's own "(" and ")" are not candidates */
                    continue;
                }
            }
            if (before > s->max_char) s->max_char = before; /* no pair: it stays */
        }
        if (add_candidate(s, i)) return -1;
    }
    return 0;
}

static PyObject *scan(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *text, *table, *result = NULL, *stripped = NULL, *matches = NULL;
    Py_UCS4 ph_lo, ph_hi;
    Py_buffer bitmap;
    if (!PyArg_ParseTuple(args, "UO!IIy*", &text, &PyDict_Type, &table, &ph_lo, &ph_hi, &bitmap)) return NULL;
    if (bitmap.len < 0x10000 / 8) {
        PyBuffer_Release(&bitmap);
        PyErr_SetString(PyExc_ValueError, "the bitmap must cover the Basic Multilingual Plane");
        return NULL;
    }
    if (cache == NULL) {
        cache = PyMem_Calloc(CACHE_SIZE, sizeof(Slot));
        if (cache == NULL) {
            PyBuffer_Release(&bitmap);
            return PyErr_NoMemory();
        }
    }
    if (table != cache_table) {
        cache_clear();
        Py_XSETREF(cache_table, Py_NewRef(table));
    }

    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* max_char: the largest code point outside the pairs and in their values, so that stripped gets the
     * smallest kind that holds it, as every str must */
    State s = {table, bitmap.buf, ph_lo, ph_hi, 0, NULL, 0, 0, 0, 0, 0, NULL, 0, 0, 0};
    int failed;
    switch (kind) {
        case PyUnicode_1BYTE_KIND: failed = first_pass(&s, text, PyUnicode_1BYTE_KIND, data, length); break;
        case PyUnicode_2BYTE_KIND: failed = first_pass(&s, text, PyUnicode_2BYTE_KIND, data, length); break;
        default: failed = first_pass(&s, text, PyUnicode_4BYTE_KIND, data, length); break;
    }
    if (failed) goto error;
    matches = damage_matches(&s, kind, data, length);
    if (matches == NULL) goto error;

    /* Second pass: copy the text between the pairs and each pair's value. */
    if (s.n_pairs == 0) {
        stripped = Py_NewRef(text);
    } else {
        stripped = PyUnicode_New(length + s.shift, s.max_char);
        if (stripped == NULL) goto error;
        int out_kind = PyUnicode_KIND(stripped);
        void *out = PyUnicode_DATA(stripped);
        Py_ssize_t from = 0, to = 0;
        for (Py_ssize_t p = 0; p <= s.n_pairs; p++) {
            Py_ssize_t stop = p < s.n_pairs ? s.pairs[p].start : length;
            if (out_kind == kind) {
                memcpy((char *)out + to * kind, (const char *)data + from * kind, (stop - from) * kind);
                to += stop - from;
            } else {
                for (Py_ssize_t i = from; i < stop; i++) PyUnicode_WRITE(out_kind, out, to++, PyUnicode_READ(kind, data, i));
            }
            if (p == s.n_pairs) break;
            PyObject *value = s.pairs[p].value;
            Py_ssize_t value_length = PyUnicode_GET_LENGTH(value);
            for (Py_ssize_t i = 0; i < value_length; i++) PyUnicode_WRITE(out_kind, out, to++, PyUnicode_READ_CHAR(value, i));
            from = s.pairs[p].end;
        }
    }
    result = Py_BuildValue("(NnnONn)", stripped, s.n_pairs, s.removed, s.uses_placeholders ? Py_True : Py_False,
                           matches, s.traditional);
    stripped = matches = NULL; /* stolen by "N", also on failure */
error:
    for (Py_ssize_t p = 0; p < s.n_pairs; p++) Py_DECREF(s.pairs[p].value);
    PyMem_Free(s.pairs);
    PyMem_Free(s.candidates);
    Py_XDECREF(stripped);
    Py_XDECREF(matches);
    PyBuffer_Release(&bitmap);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(text, table, placeholder_lo, placeholder_hi, traditional) -> "
     "(stripped, pairs, removed, uses_placeholders, damage, traditional_count)"},
    {"configure", configure, METH_O, "configure(letters): the non-ASCII pinyin letters"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan", "C scan for yuanqu.newsroom.repair", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__scan(void) { return PyModule_Create(&module); }
