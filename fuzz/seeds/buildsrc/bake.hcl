target "a" {
  context = "x"
  args = { A = "1" }
}
