import { buildDefaultApp } from "./default-app";

buildDefaultApp().synth();
