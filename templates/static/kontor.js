/* Kontor: a little progressive JavaScript. Pages work without it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	/* Copy buttons: <button data-copy="#id"> copies the element's text. */
	document.querySelectorAll("button[data-copy]").forEach(function (b) {
		b.addEventListener("click", function () {
			var el = document.querySelector(b.getAttribute("data-copy"));
			if (el && navigator.clipboard) navigator.clipboard.writeText(el.textContent.trim());
		});
	});
});
