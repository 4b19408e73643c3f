/* A page script's labels come from the page, translated: {% script_labels "x-labels" %} renders them as JSON.
 * yuanquLabels("x-labels") returns label(key, values), which fills the {name} placeholders of a whole-sentence
 * label ("已确认（第{version}版）") from values; a key the page lacks comes back as itself (visible, not a crash). */
window.yuanquLabels = function (id) {
  "use strict";
  var el = document.getElementById(id), labels = el ? JSON.parse(el.textContent) : {};
  return function (key, values) {
    var text = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };
};
