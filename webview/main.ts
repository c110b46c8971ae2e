// The chart page. Filled in by the editor issue; bundled now so the build has its shape.
export {};
