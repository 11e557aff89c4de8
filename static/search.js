// search.js: written next
