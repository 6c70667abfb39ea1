// Move focus to the error summary so keyboard and screen reader users hear what needs fixing.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
