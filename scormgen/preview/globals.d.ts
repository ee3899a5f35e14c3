// What strict-api.js leaves for panel.js, for the type checker only (tsconfig.json).
declare function createStrictApi(model: object, data: { [element: string]: string },
                                 observer: (call: object) => void,
                                 onCommit: (data: object, final: boolean) => void): { [method: string]: Function };
