import { locationInside } from "../../lib/app/plan-region-lock";

describe("locationInside", () => {
  test.each([
    ["eu", "aws", "eu-north-1", true],
    ["eu", "aws", "eu-north-1a", true],
    ["eu", "aws", "eu-west-2", false], // London
    ["eu", "aws", "eu-central-2b", false], // Zurich zone
    ["eu", "aws", "us-east-1", false],
    ["eu", "gcp", "europe-west4", true],
    ["eu", "gcp", "europe-west4-b", true],
    ["eu", "gcp", "EU", true],
    ["eu", "gcp", "US", false],
    ["eu", "gcp", "global", false],
    ["eu", "gcp", "europe-west6-a", false], // Zurich
    ["us", "gcp", "US", true],
    ["us", "aws", "us-west-2d", true],
    ["us", "gcp", "northamerica-northeast1", false],
    ["eu", "gcp", "EUROPE-WEST4", true],
    ["eu", "gcp", "EUR4", true],
    ["eu", "gcp", "EUR8", false], // Frankfurt + Zurich
    ["us", "gcp", "NAM4", true],
  ] as const)("%s %s %s → %s", (jurisdiction, cloud, location, inside) => {
    expect(locationInside(jurisdiction, cloud, location)).toBe(inside);
  });
});

describe("foreignRegionTokens", () => {
  test("finds AWS and GCP regions and zones outside, in any text", () => {
    const { foreignRegionTokens } = require("../../lib/app/plan-region-lock") as typeof import("../../lib/app/plan-region-lock");
    expect(foreignRegionTokens("eu", "com.amazonaws.us-east-1.s3").map((t) => t.token)).toEqual(["us-east-1"]);
    expect(foreignRegionTokens("eu", "arn:aws:kms:ap-southeast-7:1:key/x us-central1-a").map((t) => t.token)).toEqual(["ap-southeast-7", "us-central1"]);
    expect(foreignRegionTokens("eu", "eu-north-1a europe-west4-b arn:aws:s3:::b EU")).toEqual([]);
    expect(foreignRegionTokens("eu", "eu-west-2 europe-west2 US-EAST-2").map((t) => t.token)).toEqual(["eu-west-2", "US-EAST-2", "europe-west2"]);
    expect(foreignRegionTokens("us", "bus-east-1 us-east-1a us-central1-b")).toEqual([]);
  });
});
