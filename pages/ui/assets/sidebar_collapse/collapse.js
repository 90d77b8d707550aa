// Presenter mode: collapse the app's sidebar once, when this frame is drawn (presenter mode turned on, or
// a new page opened in it). A file of the app's own origin, so the content-security policy
// (script-src 'self') allows it; Streamlit's component frames are same-origin, so it reaches the app's page.
//
// Why not initial_sidebar_state alone: Streamlit keeps a sidebar the user opened or closed by hand in
// localStorage and prefers that over the page config, which it applies only when the value changes.
(function () {
  var app = window.parent;
  function send(type, extra) {
    var message = { isStreamlitMessage: true, type: type };
    for (var k in extra) message[k] = extra[k];
    app.postMessage(message, "*");
  }
  function collapse() {
    try {
      var bar = app.document.querySelector("[data-testid='stSidebar']");
      if (bar && bar.getAttribute("data-collapsed") === "false") {
        var button = app.document.querySelector("[data-testid='stSidebarCollapseButton'] button");
        if (button) button.click();
      }
    } catch (e) {
      // another origin (the app embedded elsewhere): the sidebar stays as the page config left it
    }
  }
  send("streamlit:componentReady", { apiVersion: 1 });
  send("streamlit:setFrameHeight", { height: 0 });
  collapse();
})();
