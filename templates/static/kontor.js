/* Kontor: a little progressive JavaScript. Pages work without it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	/* Copy buttons: <button data-copy="#id"> copies the element's text. */
	document.querySelectorAll("button[data-copy]").forEach(function (b) {
		b.addEventListener("click", function () {
			var el = document.querySelector(b.getAttribute("data-copy"));
			/* data-copy-value: the text without the spaces shown for reading (a TOTP secret). */
			var text = el && (el.getAttribute("data-copy-value") || el.textContent.trim());
			if (text && navigator.clipboard) navigator.clipboard.writeText(text);
		});
	});
	/* Print buttons (emergency codes): without script the browser's own print serves. */
	document.querySelectorAll("button.print").forEach(function (b) {
		b.addEventListener("click", function () { window.print(); });
	});
});

/* The product list's tag cell: "Add a tag" opens the page's one tag picker in that row,
 * posting to that product (without script the link leads to the product's own picker). */
document.addEventListener("DOMContentLoaded", function () {
	var picker = document.getElementById("bulk-picker");
	if (!picker) return;
	var form = picker.querySelector("form");
	var summary = picker.querySelector("summary");
	var home = picker.parentNode, next = picker.nextSibling;
	var bulkAction = form.getAttribute("action"), bulkLabel = summary.textContent;
	/* Closed in a row (its summary, Escape, or its link again): back to its place as the page's
	 * picker. */
	function restore() {
		if (picker.parentNode === home) return;
		picker.open = false;
		home.insertBefore(picker, next);
		form.setAttribute("action", bulkAction);
		summary.textContent = bulkLabel;
	}
	picker.addEventListener("toggle", function () {
		if (!picker.open) restore();
	});
	picker.addEventListener("keydown", function (e) {
		if (e.key === "Escape" && picker.parentNode !== home) {
			var link = picker.parentNode.querySelector("a.addtag");
			restore();
			if (link) link.focus();
		}
	});
	document.querySelectorAll("a.addtag").forEach(function (a) {
		a.addEventListener("click", function (e) {
			e.preventDefault();
			if (picker.parentNode === a.parentNode && picker.open) {
				/* Again on the same row: close it and put it back. */
				restore();
				a.focus();
				return;
			}
			a.parentNode.appendChild(picker);
			form.setAttribute("action", a.getAttribute("data-action"));
			summary.textContent = a.textContent;
			picker.open = true;
			var first = form.querySelector("select, input[type=text]");
			if (first) first.focus();
		});
	});
});
