import { HARMLESS_FUNCTIONS, HOLE, UNKNOWN_HOLE, Val, foldedRegionOutside, foldedTexts } from "../../lib/app/region-lock-functions";

/**
 * The region lock's evaluator for Terraform expressions outside location attributes
 * (lib/app/region-lock-functions.ts): folds functions over literals as Terraform documents them
 * (developer.hashicorp.com/terraform/language/functions/<name>), keeps every text a value can take,
 * and reports a function it cannot evaluate over what it was given.
 */

const refs: Record<string, Val> = {
  "var.r": { k: "unknown", why: "a Terraform variable" },
  "aws_s3_bucket.b.arn": { k: "safe", why: "a checked element" },
  "aws_s3_bucket.b.bucket": { k: "str", s: "models" },
};
const read = (r: string): Val => refs[r] ?? { k: "unknown", why: `${r}, not in this stack` };
const texts = (raw: string): readonly string[] => {
  const r = foldedTexts(raw, read);
  if ("refused" in r) throw new Error(`refused: ${r.refused}`);
  return r.texts;
};
const refusal = (raw: string): string => {
  const r = foldedTexts(raw, read);
  if (!("refused" in r)) throw new Error(`not refused: ${JSON.stringify(r.texts)}`);
  return r.refused;
};

describe("folding Terraform functions over literals", () => {
  test.each([
    ['${join("-", ["us", "east", "1"])}', "us-east-1"],
    ['${format("%s-east-1", "us")}', "us-east-1"],
    ['${format("%[2]s-%[1]s-%[3]d", "east", "us", 1)}', "us-east-1"],
    ['${format("%s-%s", "us", format("%s-%d", "east", 1))}', "us-east-1"],
    ['arn:aws:kms:${lower("US")}-east-1:1:key/k', "arn:aws:kms:us-east-1:1:key/k"],
    ['${upper("us")}', "US"],
    ['${title("hello world-x")}', "Hello World-X"],
    ['${base64decode("dXMtZWFzdC0x")}', "us-east-1"],
    ['${base64encode("us-east-1")}', "dXMtZWFzdC0x"],
    ['${replace("uz-east-1", "z", "s")}', "us-east-1"],
    ['${strrev("1-tsae-su")}', "us-east-1"],
    ['${substr("xxus-east-1xx", 2, 9)}', "us-east-1"],
    ['${substr("hello", -3, -1)}', "llo"],
    ['${trimprefix("xus-east-1", "x")}', "us-east-1"],
    ['${trimsuffix("us-east-1x", "x")}', "us-east-1"],
    ['${trim("?!us-east-1!?", "!?")}', "us-east-1"],
    ['${trimspace("  us-east-1 \\n")}', "us-east-1"],
    ['${chomp("us-east-1\\n")}', "us-east-1"],
    ['${urldecode("us%2Deast-1")}', "us-east-1"],
    ['${jsondecode("\\"\\\\u0075s-east-1\\"")}', "us-east-1"],
    ['${element(split(",", "a,us-west-2"), 1)}', "us-west-2"],
    ['${element(["a", "b"], 3)}', "b"],
    ['${join("", [for c in ["u", "s", "-", "e", "a", "s", "t", "-", "1"] : c])}', "us-east-1"],
    ['${join("-", concat(["us"], ["east"], ["1"]))}', "us-east-1"],
    ['${join("-", reverse(["1", "east", "us"]))}', "us-east-1"],
    ['${join("-", toset(["us", "east", "1"]))}', "1-east-us"],
    ['${lookup({a = "us-east-1"}, "a", "x")}', "us-east-1"],
    ['${jsonencode({Resource = format("%s-east-1", "us"), Effect = "Allow"})}', '{"Effect":"Allow","Resource":"us-east-1"}'],
    ['${coalesce("", "us-east-1")}', "us-east-1"],
    ['${true ? "a" : "b"}', "a"],
    ['${tostring(sensitive("x"))}', "x"],
    ['${join("-", ["us", "east", 1])}', "us-east-1"],
    ['$${join("-", ["us", "east", "1"])}', '${join("-", ["us", "east", "1"])}'],
    ['${"${"u"}s"}-east-1', "us-east-1"],
    ['${aws_s3_bucket.b.bucket}-logs', "models-logs"],
    ['us-east-${1 + 0}', "us-east-1"],
    ['us-east-${3 % 2}', "us-east-1"],
    ['us-east-${length(["a"])}', "us-east-1"],
    ['us-west-${max(1, 2)}', "us-west-2"],
    ['${2 > 1 ? "a" : "b"}', "a"],
    ['${"x" == "x" && true ? "a" : "b"}', "a"],
  ])("%s is %s", (raw, expected) => {
    expect(texts(raw)).toEqual([expected]);
  });

  test("every value a choice can take is kept", () => {
    expect(texts('${var.r == "x" ? "eu-north-1" : format("%s-west-2", "us")}')).toEqual(["eu-north-1", "us-west-2"]);
    expect(texts('${element(["eu-north-1", join("-", ["us", "east", "1"])], var.r)}')).toEqual(["eu-north-1", "us-east-1"]);
    expect(texts('${lookup({a = "x", b = "us-east-1"}, var.r, "y")}')).toEqual(["x", "us-east-1", "y"]);
    expect(texts('${coalesce(var.r, "us-east-1")}')).toEqual([UNKNOWN_HOLE, "us-east-1"]);
  });

  test("references the lock checks are holes no region name runs across; bare references stay as they were", () => {
    expect(texts('${jsonencode({Resource = aws_s3_bucket.b.arn})}')).toEqual([`{"Resource":"${HOLE}"}`]);
    expect(texts("${var.r}-east-1")).toEqual([`${UNKNOWN_HOLE}-east-1`]);
    expect(texts("plain us-east-1 text")).toEqual(["plain us-east-1 text"]);
  });

  test("a value chosen at plan time may not fill a region-shaped position (ARN region, GCP location path, AWS endpoint)", () => {
    for (const raw of ["arn:aws:kms:${var.r}:1:key/k", "projects/p/locations/${var.r}/keyRings/r", "com.amazonaws.${var.r}.s3", "https://s3.${var.r}.amazonaws.com/b"]) {
      expect(foldedRegionOutside("eu", raw, read)).toEqual({ refused: expect.stringMatching(/is chosen at plan time/) });
    }
    // Checked elements and empty region slots are fine: IAM and S3 ARNs have no region.
    for (const raw of ["arn:aws:s3:::${var.r}/*", "arn:aws:iam::${var.r}:role/x", "arn:aws:kms:${aws_s3_bucket.b.arn}", "${var.r}"]) {
      expect(foldedRegionOutside("eu", raw, read)).toBeUndefined();
    }
  });

  test("functions whose result cannot name a region pass over anything", () => {
    for (const raw of ["${length(var.r) > 0}", "${md5(var.r)}", "${cidrsubnet(var.r, 4, 1)}", "${contains(var.r, \"x\")}", "${alltrue([for z in [\"a\"] : contains(self.x, z)])}", "${var.r == 1 ? 2 : 3}"]) {
      expect(texts(raw).join("")).not.toMatch(/[a-z]{2}-[a-z]+-\d/);
    }
    expect(Object.keys(HARMLESS_FUNCTIONS)).toEqual(expect.arrayContaining(["length", "contains", "alltrue"]));
    for (const reason of Object.values(HARMLESS_FUNCTIONS)) expect(reason).toMatch(/returns/);
  });

  test("the library's own selection of subnets by zone reads as checked values", () => {
    expect(() => texts('${matchkeys([aws_s3_bucket.b.arn, aws_s3_bucket.b.arn], ["eu-north-1a", "eu-north-1b"], data.aws_ec2_instance_type_offerings.o.locations)}')).not.toThrow();
  });

  test.each([
    ["arn:aws:kms:${lower(var.r)}:1:key/k", /lower\(…\) over a Terraform variable/],
    ['${format("%s-east-1", var.r)}', /format\(…\) over a Terraform variable/],
    ['${provider::aws::arn_build("aws", "kms", var.r, "1", "key/k")}', /provider::aws::arn_build\(…\), a function the lock does not evaluate/],
    ['${templatefile("policy.tpl", {})}', /templatefile\(…\), a function the lock does not evaluate/],
    ['${file("region.txt")}', /file\(…\), a function/],
    ['${regex("u.", "us-east-1")}', /regex\(…\), a function/],
    ['${replace("us", "/u/", "x")}', /regular expression/],
    ['${format("%5s", "us")}', /format flags/],
    ['${join("-", var.parts)}', /join\(…\) over/],
    ['${join("-", matchkeys(["us", "east", "1"], ["a", "b", "c"], var.r))}', /entries are chosen at plan time/],
    ["%{ if var.r }us%{ endif }-east-1", /template directive/],
    ['${base64decode("not base64!")}', /not base64/],
    ['${lower(unterminated("x"}', /cannot read/],
    ['${element([], 0)}', /empty list/],
  ])("refused: %s", (raw, why) => {
    expect(refusal(raw)).toMatch(why);
  });
});
