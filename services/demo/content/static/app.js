/* Stand-in for the sites' front-end bundle: marks the page as scripted and does nothing else. */
document.documentElement.className += " js";
