/* Printable poster labels (print/): applies the address to the cards, then groups them into A4 sheets.
 *
 *   ?size=a6 (default, 4 cards per A4 sheet) or ?size=a5 (2 per sheet), and the filter words of
 *   filters.js: role, center, tag, poster, each one or several slugs separated by commas.
 *
 * Each sheet is exactly one printed page (print.css), so a card is never split across two pages. The form
 * at the top changes the address in place; its button prints.
 */
import {FILTER_KEYS, matchesFilters, readFilters, showInSelect, writeQuery} from './filters.js';

(function () {
  var PER_SHEET = {a6: 4, a5: 2};
  var FORM_KEYS = ['size', 'role', 'center', 'tag'];

  var html = document.documentElement;
  var form = document.querySelector('.labels__form');
  var sheets = document.querySelector('.labels__sheets');
  var count = document.querySelector('.labels__count');
  var empty = document.querySelector('.labels__empty');
  var cards = Array.prototype.slice.call(document.querySelectorAll('.label'));

  /* "1 card", "3 cards": the page holds each text for exactly one (data-cards-one) and for any other. */
  function counted(name, n) {
    return count.dataset[n === 1 ? name + 'One' : name].replace('{count}', n);
  }

  function layout() {
    var params = new URLSearchParams(location.search);
    var size = params.get('size') === 'a5' ? 'a5' : 'a6';
    var filter = readFilters(location.search);
    var shown = cards.filter(function (card) {
      var d = card.dataset;
      var tags = d.tags ? d.tags.split(' ') : [];
      return matchesFilters(filter, {slug: d.slug, role: d.role, center: d.center, tags: tags});
    });
    html.classList.toggle('labels--a6', size === 'a6');
    html.classList.toggle('labels--a5', size === 'a5');
    sheets.textContent = '';
    for (var i = 0; i < shown.length; i += PER_SHEET[size]) {
      var sheet = document.createElement('section');
      sheet.className = 'labels__sheet';
      shown.slice(i, i + PER_SHEET[size]).forEach(function (card) { sheet.appendChild(card); });
      sheets.appendChild(sheet);
    }
    count.textContent = count.dataset.template.replace('{cards}', counted('cards', shown.length))
      .replace('{pages}', counted('pages', Math.ceil(shown.length / PER_SHEET[size])));
    empty.hidden = shown.length > 0;
    form.elements.size.value = size;
    FORM_KEYS.slice(1).forEach(function (key) {
      // Several values, or one the form has no choice for, show as one more choice naming them.
      if (form.elements[key]) showInSelect(form.elements[key], filter[key] || []);
    });
  }

  form.addEventListener('change', function () {
    // The form's choices, then what else the address asked for (e.g. poster=), in the order of filters.js.
    var params = new URLSearchParams(location.search);
    var size = form.elements.size.value;
    var pairs = [['size', size === 'a6' ? '' : size]];
    FILTER_KEYS.forEach(function (key) {
      var select = form.elements[key];
      pairs.push([key, select ? select.value : params.getAll(key).join(',')]);
    });
    var query = writeQuery(pairs);
    history.replaceState(null, '', query || location.pathname);
    layout();
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    window.print();
  });

  layout();
})();
