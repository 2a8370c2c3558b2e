/* Small helpers shared by the runtime. All runtime files are joined into one function scope. */

function $(selector, root) { return (root || document).querySelector(selector); }
function $all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

/* A seeded pseudo-random generator (mulberry32), so a draw can be rebuilt from its seed. */
function seededRandom(seed) {
  var a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    var t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(items, random) {
  var out = items.slice();
  for (var i = out.length - 1; i > 0; i--) {
    var j = Math.floor(random() * (i + 1));
    var tmp = out[i]; out[i] = out[j]; out[j] = tmp;
  }
  return out;
}

function newSeed() {
  return Math.floor(Math.random() * 2147483646) + 1;
}

function sameSet(a, b) {
  if (a.length !== b.length) return false;
  var sorted = b.slice().sort();
  return a.slice().sort().every(function (x, i) { return x === sorted[i]; });
}

/* The interface's words, in the course's language (the theme's messages/<language>.yaml, which
   the builder puts into the course data). t(key, {name: value}) fills in {name}; a string that
   counts picks its plural form by params.count, with the language's rules. */
var MESSAGES = { lang: "en", strings: {} };
function useMessages(messages) { if (messages) MESSAGES = messages; }
function t(key, params) {
  params = params || {};
  var value = MESSAGES.strings[key];
  if (value === undefined) return key;
  if (typeof value === "object") {
    var category = "other";
    try { category = new Intl.PluralRules(MESSAGES.lang).select(Number(params.count)); } catch (e) { /* keep "other" */ }
    value = value[category] || value.other;
  }
  return value.replace(/\{([a-z_]+)\}/g, function (whole, name) {
    return params[name] !== undefined ? String(params[name]) : whole;
  });
}
