2
--frobnicate examples
