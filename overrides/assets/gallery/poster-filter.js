/* Which posters an address asks for: the filter words shared by the kiosk slideshow and the printable labels.
 *
 *   ?role=alumni&center=bpvp-bandung&tag=las&poster=las-smaw-dari-nol
 *
 * Values are the slugs the gallery uses in its own addresses (role/alumni/, center/bpvp-bandung/, tag/las/).
 * A parameter may be repeated or hold several values separated by commas: the values of one parameter are
 * alternatives (role=trainee,alumni), and every parameter given must hold (role AND center AND tag).
 */
(function () {
  'use strict';

  var KEYS = ['role', 'center', 'tag', 'poster'];

  /** {role: [...], center: [...], ...} with only the parameters present in `search`. */
  function read(search) {
    var params = new URLSearchParams(search);
    var filter = {};
    KEYS.forEach(function (key) {
      var values = [];
      params.getAll(key).forEach(function (value) {
        value.split(',').forEach(function (part) {
          part = part.trim().toLowerCase();
          if (part && values.indexOf(part) < 0) values.push(part);
        });
      });
      if (values.length) filter[key] = values;
    });
    return filter;
  }

  /** Whether a poster {slug, role, center, tags: [...]} (all slugs) is one the filter asks for. */
  function matches(filter, poster) {
    return KEYS.every(function (key) {
      var wanted = filter[key];
      if (!wanted) return true;
      var has = key === 'tag' ? poster.tags : [key === 'poster' ? poster.slug : poster[key]];
      return has.some(function (value) { return wanted.indexOf(value) >= 0; });
    });
  }

  window.PosterFilter = {keys: KEYS, read: read, matches: matches};
})();
