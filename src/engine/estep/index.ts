// The E-step methods: what each runs, behind one registry.
export { type EStepSupport, estepProblems, estepRegistry } from "./registry";
