// maven-invoker-plugin runs this after the example's build: the example must have given the README's answers
def log = new File(basedir, 'build.log').text
assert log =~ /seven\.png: 7 \(/ : 'the example did not read seven.png as 7'
assert log.contains('number.png: 95348') : 'the example did not read number.png as 95348'
