// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("#check-form select[data-auto]")) {
    // the page says so above the form: each choice reloads it with the next questions
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  for (const button of document.querySelectorAll("button.copy")) {
    button.addEventListener("click", async () => {
      const target = button.dataset.copyTarget && document.getElementById(button.dataset.copyTarget);
      const text = target ? target.textContent : button.dataset.copy;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Kopiert";
      } catch (error) {
        button.textContent = "Kopieren nicht möglich – bitte markieren";
      }
    });
  }
  for (const button of document.querySelectorAll("button.print")) {
    button.addEventListener("click", () => window.print());
  }
});
